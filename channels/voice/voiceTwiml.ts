import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { xmlSafe } from '../xmlText';

/** Something the caller hears: words in a voice, or a recording. */
export type Utterance =
  | { say: string; language: string; voice: string }
  | { play: string };

/** How the caller's answer is collected. */
export interface GatherSpec {
  /** Where Twilio posts the answer. */
  action: string;
  /** Recognition language; absent: keypad only. */
  language?: string;
  /** Words the recogniser should expect: option titles, street names. */
  hints: string[];
  /** Options on offer (1-9 take one key press); 0: a free answer, keyed and ended with #, or spoken. */
  options: number;
  /** A spoken answer only, where keys mean nothing but star (back to the menu): any other key is corrected. */
  speechOnly?: boolean;
}

/** One turn of a call: what is said, then the question asked (repeated once if the caller says nothing). */
export interface VoiceTurnSpec {
  before: Utterance[];
  prompt: Utterance[];
  gather: GatherSpec;
  /** Said before the question is asked again after silence. */
  noInput: Utterance;
  /** Where Twilio goes after silence twice: still there? */
  afterSilence: string;
}

type SayAttributes = VoiceResponse.SayAttributes;
type GatherAttributes = VoiceResponse.GatherAttributes;

/** Twilio allows hints of up to 100 characters each; a few hundred phrases at most help recognition. */
const MAX_HINTS = 200;
/** Seconds to wait for a first key or word, and between keys. */
const INPUT_TIMEOUT_S = 6;
/** An address or a description has pauses in it: wait longer before taking the answer as complete. */
const FREE_SPEECH_END_S = '3';

function speak(target: VoiceResponse | VoiceResponse.Gather, utterance: Utterance): void {
  if ('play' in utterance) {
    target.play({}, xmlSafe(utterance.play));
    return;
  }
  // Spoken words echo the caller's (a place read back): characters XML cannot carry would fail the whole answer.
  const words = xmlSafe(utterance.say);
  if (!words) return;
  // The language table is data, checked at load; Twilio's enums of voices and languages grow faster than the SDK's.
  target.say({ language: utterance.language, voice: utterance.voice } as SayAttributes, words);
}

function gatherInto(response: VoiceResponse, spec: GatherSpec): VoiceResponse.Gather {
  const menu = (spec.options > 0 && spec.options <= 9) || spec.speechOnly === true;
  const hints = spec.hints
    .map((h) => xmlSafe(h.replace(/,/g, ' ').trim().slice(0, 100)))
    .filter(Boolean)
    .slice(0, MAX_HINTS);
  return response.gather({
    input: spec.language ? ['dtmf', 'speech'] : ['dtmf'],
    action: spec.action,
    method: 'POST',
    timeout: INPUT_TIMEOUT_S,
    ...(menu ? { numDigits: 1 } : { finishOnKey: '#' }),
    ...(spec.language
      ? {
          language: spec.language as GatherAttributes['language'],
          speechTimeout: menu ? 'auto' : FREE_SPEECH_END_S,
          ...(hints.length > 0 ? { hints: hints.join(', ') } : {}),
        }
      : {}),
  });
}

/**
 * A turn as TwiML: what was said, then the question inside <Gather>. Silence falls through to the same question
 * once more (with a word about not hearing anything), then to the after-silence webhook.
 */
export function turnTwiml(spec: VoiceTurnSpec): string {
  const response = new twilio.twiml.VoiceResponse();
  spec.before.forEach((u) => speak(response, u));
  const first = gatherInto(response, spec.gather);
  spec.prompt.forEach((u) => speak(first, u));
  const again = gatherInto(response, spec.gather);
  [spec.noInput, ...spec.prompt].forEach((u) => speak(again, u));
  response.redirect({ method: 'POST' }, spec.afterSilence);
  return response.toString();
}

/** After silence twice: one key (or any word) brings the main menu back; otherwise a goodbye. */
export function stillThereTwiml(question: Utterance, goodbye: Utterance, gather: GatherSpec): string {
  const response = new twilio.twiml.VoiceResponse();
  speak(gatherInto(response, { ...gather, options: 1 }), question);
  speak(response, goodbye);
  response.hangup();
  return response.toString();
}

export interface TransferSpec {
  before: Utterance[];
  to: string;
  /** Fetched when the staff member answers: what they hear before being connected. */
  whisperUrl: string;
  /** Where Twilio reports how the transfer ended (DialCallStatus). */
  action: string;
  timeoutS: number;
  callerId?: string;
}

/** Connects the caller to a person; the person first hears a whisper about who is calling and why. */
export function transferTwiml(spec: TransferSpec): string {
  const response = new twilio.twiml.VoiceResponse();
  spec.before.forEach((u) => speak(response, u));
  const dial = response.dial({
    action: spec.action,
    method: 'POST',
    timeout: spec.timeoutS,
    answerOnBridge: true,
    ...(spec.callerId ? { callerId: spec.callerId } : {}),
  });
  dial.number({ url: spec.whisperUrl, method: 'POST' }, spec.to);
  return response.toString();
}

/** Words only, then the call (or this leg of it) goes on: a whisper to staff before they are connected. */
export function sayTwiml(utterances: Utterance[]): string {
  const response = new twilio.twiml.VoiceResponse();
  utterances.forEach((u) => speak(response, u));
  return response.toString();
}

export function goodbyeTwiml(utterances: Utterance[]): string {
  const response = new twilio.twiml.VoiceResponse();
  utterances.forEach((u) => speak(response, u));
  response.hangup();
  return response.toString();
}
