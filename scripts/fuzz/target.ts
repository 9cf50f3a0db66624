import twilio from 'twilio';
import { FuzzOutcome, FuzzRequest } from './transport';

/** The server under test, as the fuzzers address it: its port, the public URL webhooks are signed for, its secrets. */
export interface FuzzTarget {
  port: number;
  publicBaseUrl: string;
  authToken: string;
  cityNumber: string;
}

/** Makes the requests of one kind; learns from answers (a call's next step, a conversation's token). */
export interface Fuzzer {
  next(): Promise<FuzzRequest> | FuzzRequest;
  learn?(request: FuzzRequest, outcome: FuzzOutcome): void;
}

/** A form with fields in order (a name may repeat), as its urlencoded body and the signature Twilio would send. */
export function signedForm(target: FuzzTarget, path: string, formFields: [string, string][], signWith = target.authToken): FuzzRequest {
  // A lone surrogate half (a cut emoji) cannot travel in UTF-8: the sender's phone would have sent U+FFFD.
  const fields = formFields.map(([k, v]) => [wellFormed(k), wellFormed(v)]);
  const body = fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const params: Record<string, string | string[]> = {};
  for (const [k, v] of fields) {
    const had = params[k];
    params[k] = had === undefined ? v : ([] as string[]).concat(had, v);
  }
  const signature = twilio.getExpectedTwilioSignature(signWith, target.publicBaseUrl + path, params as Record<string, string>);
  return { method: 'POST', path, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature }, body };
}

/** Lone surrogate halves (a cut emoji) as U+FFFD: what a phone would send, and what UTF-8 can carry. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
