import { TurnContext } from 'botbuilder';
import { clientNetworkOf } from '../channels/clientAddress';
import { AttemptLedger, AttemptLimits, Begun, CountedKey } from '../storage/AttemptLedger';

const HOUR = 60 * 60 * 1000;

/** One resident (a phone, a web user) and one conversation: as before. */
export const RESIDENT_LOOKUPS: AttemptLimits = { attempts: 20, failures: 5, windowMs: HOUR };
/** One address: a fresh conversation starts over, an address does not; a library's residents share one. */
export const ADDRESS_LOOKUPS: AttemptLimits = { attempts: 60, failures: 15, windowMs: HOUR };
/** One case or permit: guessing its postal code from many conversations and addresses stops here. */
export const TARGET_LOOKUPS: AttemptLimits = { attempts: 40, failures: 5, windowMs: HOUR };

/** What a look-up is about: its failures count against it whoever tries. */
export type LookupTarget = { case: string } | { permit: string } | undefined;

/**
 * Look-up limits per resident, per conversation, per web address and per target, in the database (several
 * processes, restarts). A look-up begins (counted at once, as a failure until it is known to be one or not) and
 * is finished with its outcome.
 */
export class LookupLimits {
  constructor(private readonly ledger: AttemptLedger) {}

  begin(context: TurnContext, target: LookupTarget): Promise<Begun> {
    return this.ledger.begin([...turnKeys(context, RESIDENT_LOOKUPS, ADDRESS_LOOKUPS), ...targetKey(target)]);
  }

  finish(ticket: string, failed: boolean): Promise<void> {
    return this.ledger.finish(ticket, failed);
  }
}

/** The keys a turn counts against: its resident, its conversation, and on web chat the address it came from. */
export function turnKeys(context: TurnContext, resident: AttemptLimits, address: AttemptLimits, prefix = 'lookup'): CountedKey[] {
  const { activity } = context;
  const ip = clientNetworkOf(context);
  return [
    { key: `${prefix}:resident:${activity.channelId}:${activity.from.id}`, limits: resident },
    { key: `${prefix}:conversation:${activity.channelId}:${activity.conversation.id}`, limits: resident },
    ...(ip ? [{ key: `${prefix}:ip:${ip}`, limits: address }] : []),
  ];
}

/** The look-up was held back by its case's or permit's own count (others tried it), not the resident's. */
export function isTargetKey(key: string): boolean {
  return key.startsWith('lookup:case:') || key.startsWith('lookup:permit:');
}

function targetKey(target: LookupTarget): CountedKey[] {
  if (!target) return [];
  const key = 'case' in target ? `lookup:case:${target.case}` : `lookup:permit:${target.permit}`;
  return [{ key, limits: TARGET_LOOKUPS }];
}
