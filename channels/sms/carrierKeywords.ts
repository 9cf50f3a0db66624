/**
 * Carrier-mandated keywords (single-word messages). Twilio blocks the number itself on opt-out.
 * Opt-out: Twilio's defaults, plus the French ARRET that Canadian carriers (CWTA) require, with the forms
 * Twilio lists for it (ARRETE, ARRETT). No French opt-in word is standard: START/UNSTOP serve both languages.
 */
const OPT_OUT = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'ARRET', 'ARRETE', 'ARRETT'];
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
  const word = keywordForm(body ?? '');
  if (OPT_OUT.includes(word)) return 'optOut';
  if (OPT_IN.includes(word) && (isOptedOut || word !== 'YES')) return 'optIn';
  return undefined;
}

/** Whether texting `word` alone opts a resident out: replies must never tell them to send it as a command. */
export function isOptOutKeyword(word: string): boolean {
  return OPT_OUT.includes(keywordForm(word));
}

/** "Arrêt." and "ARRET" are the same keyword: a resident's phone may or may not type the accent. */
function keywordForm(body: string): string {
  return body
    .trim()
    .replace(/[.!]+$/, '')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase();
}
