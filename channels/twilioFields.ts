import { z } from 'zod';
import { xmlSafe } from './xmlText';

/**
 * The pieces of the webhook schemas (one per entry point, see smsActivity and voiceActivity). Every field of a
 * Twilio webhook is a plain string with a plain name. express.urlencoded gives a field sent twice as an array;
 * a name with brackets or `$` or dots (`Body[$ne]`) is someone trying to pass a structure or an operator: the whole
 * request is refused with a 400, so no such value is ever stored or reaches a query.
 */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The form as Twilio sends it: names of letters and digits, each with one string value. */
export const twilioForm = z.record(z.string().regex(FIELD_NAME), z.string());

/** Words a person sent or said, without the characters XML cannot carry (they would end up in TwiML read-backs). */
export const residentWords = z.string().transform(xmlSafe);

/** A phone number or a caller id as Twilio gives it (an E.164 number, a short code, "Anonymous", a client name). */
export const phoneField = z.string().max(100).transform(xmlSafe);
