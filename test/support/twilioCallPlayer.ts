import { Express } from 'express';
import twilio from 'twilio';
import { parseTwiml, TwimlNode, wordsIn } from '../../scripts/voiceClient';
import { PlacedCall } from './fakeTwilioApi';
import { appTransport } from './phoneCall';
import { TEST_AUTH_TOKEN } from './testConfig';

/** What happened on a call-back's call, as Twilio would have played it. */
export interface PlayedCall {
  /** What the resident heard. */
  residentHeard: string[];
  /** The agent's number dialled after the resident answered, if any. */
  agentDialled?: string;
  /** What the agent heard before being connected. */
  agentHeard: string[];
  twiml: string;
}

/**
 * Plays Twilio's part in a call the dispatcher placed (through the local stand-in): the resident's phone answers
 * (a person or a machine) or not, the agent answers or not, then Twilio reports the end of the call.
 */
export class TwilioCallPlayer {
  private readonly post;

  constructor(app: Express) {
    const transport = appTransport(app);
    this.post = async (url: string, params: Record<string, string>) => {
      const response = await transport(url, params, twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, url, params));
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${response.body}`);
      return response.body;
    };
  }

  private params(call: PlacedCall, fields: Record<string, string>): Record<string, string> {
    return { AccountSid: 'AC' + 'a'.repeat(32), CallSid: call.sid, From: call.from, To: call.to, Direction: 'outbound-api', ApiVersion: '2010-04-01', ...fields };
  }

  /** A person answers; the agent answers too (or not); the call ends. */
  async answeredByPerson(call: PlacedCall, agent: 'answers' | 'no-answer' = 'answers'): Promise<PlayedCall> {
    const twiml = await this.post(call.url, this.params(call, { CallStatus: 'in-progress', AnsweredBy: 'human' }));
    const root = parseTwiml(twiml);
    const dial = root.children.find((c) => c.name === 'Dial');
    const number = dial?.children.find((c: TwimlNode) => c.name === 'Number');
    let agentHeard: string[] = [];
    let residentHeard = wordsIn({ ...root, children: root.children.filter((c) => c.name !== 'Dial') });
    if (dial && number) {
      if (agent === 'answers') agentHeard = wordsIn(parseTwiml(await this.post(number.attributes.url, this.params(call, { CallStatus: 'in-progress' }))));
      const after = await this.post(dial.attributes.action, this.params(call, { CallStatus: 'in-progress', DialCallStatus: agent === 'answers' ? 'completed' : 'no-answer' }));
      residentHeard = [...residentHeard, ...wordsIn(parseTwiml(after))];
    }
    await this.end(call, 'completed');
    return { residentHeard, agentDialled: number?.text, agentHeard, twiml };
  }

  /** Answering-machine detection hears a machine. */
  async answeredByMachine(call: PlacedCall): Promise<PlayedCall> {
    const twiml = await this.post(call.url, this.params(call, { CallStatus: 'in-progress', AnsweredBy: 'machine_start' }));
    await this.end(call, 'completed');
    return { residentHeard: wordsIn(parseTwiml(twiml)), agentHeard: [], twiml };
  }

  /** Twilio's status callback at the end of the call (no-answer and busy come without any answer webhook). */
  async end(call: PlacedCall, status: 'completed' | 'no-answer' | 'busy' | 'failed'): Promise<void> {
    await this.post(call.statusCallback, this.params(call, { CallStatus: status }));
  }
}

/** Waits until `check` holds (work started by a webhook may still be running), or fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}
