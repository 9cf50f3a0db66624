import { TurnContext } from 'botbuilder';
import { AttemptLedger, AttemptLimits, Begun } from '../storage/AttemptLedger';
import { turnKeys } from './LookupLimits';

const DAY = 24 * 60 * 60 * 1000;

/** Codes texted to one number a day, whoever asks: many conversations cannot make the city text it more. */
export const CODES_PER_NUMBER: AttemptLimits = { attempts: 3, failures: 3, windowMs: DAY };
/** Codes asked for by one resident, and in one conversation, a day. */
export const CODES_PER_RESIDENT: AttemptLimits = { attempts: 4, failures: 4, windowMs: DAY };
/** Codes asked for from one web address a day. */
export const CODES_PER_ADDRESS: AttemptLimits = { attempts: 10, failures: 10, windowMs: DAY };
/**
 * Codes texted in all, per hour, from every process: a bound on what an attacker with many addresses and many
 * numbers (premium-rate ones abroad: "SMS pumping") can make the city pay for. Residents on SMS and voice need no code.
 */
export const CODES_IN_ALL: AttemptLimits = { attempts: 100, failures: 100, windowMs: 60 * 60 * 1000 };
/** Call-back requests to one number a day, verified or not (a caller's own number needs no code). */
export const REQUESTS_PER_NUMBER: AttemptLimits = { attempts: 4, failures: 4, windowMs: DAY };
/** Call-back requests by one resident, in one conversation, and from one web address, a day. */
export const REQUESTS_PER_RESIDENT: AttemptLimits = { attempts: 6, failures: 6, windowMs: DAY };
export const REQUESTS_PER_ADDRESS: AttemptLimits = { attempts: 20, failures: 20, windowMs: DAY };

/** The longest window counted here: the retention job keeps attempts this long. */
export const CALLBACK_LIMITS_WINDOW_MS = DAY;

/**
 * How often the city texts a code to a number or takes a call-back request for it: per number (whoever asks),
 * per resident, per conversation and per web address, in the database.
 */
export class CallbackLimits {
  constructor(private readonly ledger: AttemptLedger) {}

  async mayTextCode(context: TurnContext, phone: string): Promise<boolean> {
    return this.counted(
      await this.ledger.begin([
        { key: `callback-code:number:${phone}`, limits: CODES_PER_NUMBER },
        ...turnKeys(context, CODES_PER_RESIDENT, CODES_PER_ADDRESS, 'callback-code'),
        { key: 'callback-code:all', limits: CODES_IN_ALL },
      ]),
    );
  }

  async mayQueue(context: TurnContext, phone: string): Promise<boolean> {
    return this.counted(
      await this.ledger.begin([{ key: `callback-request:number:${phone}`, limits: REQUESTS_PER_NUMBER }, ...turnKeys(context, REQUESTS_PER_RESIDENT, REQUESTS_PER_ADDRESS, 'callback-request')]),
    );
  }

  /** Every one allowed counts in full: there is no outcome to wait for. */
  private async counted(begun: Begun): Promise<boolean> {
    if ('refusedBy' in begun) return false;
    await this.ledger.finish(begun.ticket, false);
    return true;
  }
}
