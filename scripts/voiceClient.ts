import { randomBytes } from 'node:crypto';
import { DOMParser, Element } from '@xmldom/xmldom';
import twilio from 'twilio';

/**
 * Plays Twilio's part in a phone call against CivicLine: signed webhooks, TwiML read as XML and followed verb by
 * verb (words heard, a question waiting for keys or speech, silence, redirects, transfers). Used by
 * scripts/call.ts and by the tests.
 */

/** Sends one signed form POST to `url` (the public URL the signature covers); returns the status and body. */
export type VoiceTransport = (url: string, params: Record<string, string>, signature: string) => Promise<{ status: number; body: string }>;

export interface CallOptions {
  /** PUBLIC_BASE_URL of the server, e.g. http://localhost:3978. */
  publicBaseUrl: string;
  authToken: string;
  from: string;
  to: string;
  transport: VoiceTransport;
}

/**
 * Posts to a running server with fetch: the signature covers the public URL (what Twilio would call), while the
 * request goes to `localBaseUrl` (the server on this machine, behind whatever PUBLIC_BASE_URL names).
 */
export function localTransport(publicBaseUrl: string, localBaseUrl: string): VoiceTransport {
  return async (url, params, signature) => {
    const target = url.startsWith(publicBaseUrl) ? localBaseUrl + url.slice(publicBaseUrl.length) : url;
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, body: await response.text() };
  };
}

export function newCallSid(): string {
  return 'CA' + randomBytes(16).toString('hex');
}

/** A TwiML element: its name, attributes, own text and children, in document order. */
export interface TwimlNode {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: TwimlNode[];
}

/** Parses a TwiML answer; throws when it is not well-formed XML with a <Response> root. */
export function parseTwiml(xml: string): TwimlNode {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (errors.length > 0 || !root || root.nodeName !== 'Response') throw new Error(`Not TwiML: ${errors.join('; ') || xml.slice(0, 200)}`);
  return toNode(root);
}

function toNode(element: Element): TwimlNode {
  const attributes: Record<string, string> = {};
  for (let i = 0; i < element.attributes.length; i++) {
    const attribute = element.attributes.item(i);
    if (attribute) attributes[attribute.name] = attribute.value;
  }
  const children: TwimlNode[] = [];
  let text = '';
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) children.push(toNode(child as Element));
    else if (child.nodeType === child.TEXT_NODE) text += child.nodeValue ?? '';
  }
  return { name: element.nodeName, attributes, text: text.trim(), children };
}

/** Every <Say> text (and <Play> URL, as "[play url]") in a node, in order. */
export function wordsIn(node: TwimlNode): string[] {
  if (node.name === 'Say') return node.text ? [node.text] : [];
  if (node.name === 'Play') return [`[play ${node.text}]`];
  return node.children.flatMap(wordsIn);
}

/** What the caller is left with after a webhook's TwiML has played. */
export type CallState =
  | { kind: 'asked'; gather: TwimlNode }
  | { kind: 'transferring'; dial: TwimlNode }
  | { kind: 'ended' };

export interface CallStep {
  status: number;
  twiml: string;
  /** Everything heard, in order, until the call waits for the caller (or ends). */
  heard: string[];
  state: CallState;
}

/** One simulated phone call from `from` to the city's number. */
export class SimulatedCall {
  readonly sid = newCallSid();
  private remaining: TwimlNode[] = [];
  private state: CallState = { kind: 'ended' };
  last?: CallStep;

  constructor(private readonly options: CallOptions) {}

  /** The phone rings at the city: POST /twilio/voice. */
  start(): Promise<CallStep> {
    return this.post(`${this.options.publicBaseUrl}/twilio/voice`, { CallStatus: 'ringing' });
  }

  /** Keys pressed at the question on the line (the final # is not sent, as Twilio does). */
  press(digits: string): Promise<CallStep> {
    return this.answer({ Digits: digits.replace(/#$/, '') });
  }

  /** Words said at the question on the line, as Twilio's recogniser would transcribe them. */
  say(speech: string): Promise<CallStep> {
    return this.answer({ SpeechResult: speech, Confidence: '0.92' });
  }

  /** Saying nothing: the question times out and the call goes on to whatever follows it. */
  async silence(): Promise<CallStep> {
    if (this.state.kind !== 'asked') throw new Error(`Nothing was asked (the call is ${this.state.kind})`);
    return this.play(this.remaining, 200, this.last?.twiml ?? '');
  }

  /** How a transfer to staff ended (Twilio reports DialCallStatus to the <Dial> action). */
  transferEnded(dialCallStatus: 'completed' | 'no-answer' | 'busy' | 'failed'): Promise<CallStep> {
    if (this.state.kind !== 'transferring') throw new Error(`No transfer under way (the call is ${this.state.kind})`);
    return this.post(this.state.dial.attributes.action, { DialCallStatus: dialCallStatus });
  }

  /** The number the call is being put through to, and the whisper that staff member hears first. */
  async transferWhisper(): Promise<{ to: string; heard: string[] }> {
    if (this.state.kind !== 'transferring') throw new Error(`No transfer under way (the call is ${this.state.kind})`);
    const number = this.state.dial.children.find((c) => c.name === 'Number');
    if (!number) throw new Error('The transfer dials no <Number>');
    const response = await this.signedPost(number.attributes.url, { ...this.baseParams(), CallSid: newCallSid(), ParentCallSid: this.sid, Direction: 'outbound-dial' });
    return { to: number.text, heard: wordsIn(parseTwiml(response.body)) };
  }

  get waiting(): CallState {
    return this.state;
  }

  private answer(fields: Record<string, string>): Promise<CallStep> {
    if (this.state.kind !== 'asked') throw new Error(`Nothing was asked (the call is ${this.state.kind})`);
    return this.post(this.state.gather.attributes.action, fields);
  }

  private baseParams(): Record<string, string> {
    return {
      AccountSid: 'AC' + 'a'.repeat(32),
      ApiVersion: '2010-04-01',
      CallSid: this.sid,
      From: this.options.from,
      To: this.options.to,
      Direction: 'inbound',
      CallStatus: 'in-progress',
    };
  }

  private signedPost(url: string, params: Record<string, string>) {
    return this.options.transport(url, params, twilio.getExpectedTwilioSignature(this.options.authToken, url, params));
  }

  /** Delivers the last webhook again, byte for byte, as Twilio does when an answer is slow or lost. */
  retry(): Promise<CallStep> {
    if (!this.lastRequest) throw new Error('Nothing was sent yet');
    return this.post(this.lastRequest.url, this.lastRequest.fields);
  }

  private lastRequest?: { url: string; fields: Record<string, string> };

  private async post(url: string, fields: Record<string, string>): Promise<CallStep> {
    this.lastRequest = { url, fields };
    const response = await this.signedPost(url, { ...this.baseParams(), ...fields });
    if (response.status !== 200) {
      this.state = { kind: 'ended' };
      this.last = { status: response.status, twiml: response.body, heard: [], state: this.state };
      return this.last;
    }
    return this.play(parseTwiml(response.body).children, response.status, response.body);
  }

  /** Follows the verbs the way Twilio does, until one waits for the caller, redirects, or the call ends. */
  private async play(verbs: TwimlNode[], status: number, twiml: string): Promise<CallStep> {
    const heard: string[] = [];
    for (let i = 0; i < verbs.length; i++) {
      const verb = verbs[i];
      if (verb.name === 'Say' || verb.name === 'Play') heard.push(...wordsIn(verb));
      else if (verb.name === 'Gather') {
        heard.push(...wordsIn(verb));
        this.remaining = verbs.slice(i + 1);
        return this.settle({ status, twiml, heard, state: { kind: 'asked', gather: verb } });
      } else if (verb.name === 'Dial') {
        this.remaining = [];
        return this.settle({ status, twiml, heard, state: { kind: 'transferring', dial: verb } });
      } else if (verb.name === 'Redirect') {
        const next = await this.post(verb.text, {});
        return this.settle({ ...next, heard: [...heard, ...next.heard] });
      } else if (verb.name === 'Hangup') break;
    }
    this.remaining = [];
    return this.settle({ status, twiml, heard, state: { kind: 'ended' } });
  }

  private settle(step: CallStep): CallStep {
    this.state = step.state;
    this.last = step;
    return step;
  }
}
