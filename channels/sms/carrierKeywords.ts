/** Carrier-mandated keywords (single-word messages). Twilio blocks the number itself on opt-out. */
const OPT_OUT = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'];
const OPT_IN = ['START', 'YES', 'UNSTOP'];

export type CarrierKeyword = 'optOut' | 'optIn';

/**
 * Which carrier rule a message triggers. Twilio's Advanced Opt-Out says so in OptOutType; otherwise the
 * default keywords apply. "YES" only opts in a number that is opted out: otherwise it answers the bot.
 */
export function carrierKeyword(body: string | undefined, optOutType: string | undefined, isOptedOut: boolean): CarrierKeyword | undefined {
  const type = optOutType?.toUpperCase();
  if (type === 'STOP') return 'optOut';
  if (type === 'START') return 'optIn';
  const word = (body ?? '').trim().replace(/[.!]+$/, '').toUpperCase();
  if (OPT_OUT.includes(word)) return 'optOut';
  if (OPT_IN.includes(word) && (isOptedOut || word !== 'YES')) return 'optIn';
  return undefined;
}
