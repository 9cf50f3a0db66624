import { hostileText } from './hostile';
import { Random } from './random';
import { Fuzzer, FuzzTarget, signedForm, wellFormed } from './target';
import { FuzzOutcome, FuzzRequest } from './transport';

/** A call in progress: where Twilio would post the caller's next answer. */
interface Call {
  sid: string;
  from: string;
  next?: string;
}

const CALLS = 30;
const ROUTES = ['/twilio/voice/gather', '/twilio/voice/silence', '/twilio/voice/resume', '/twilio/voice/menu', '/twilio/voice/dial-status', '/twilio/voice/whisper', '/twilio/voice/callback/answer', '/twilio/voice/callback/agent-whisper', '/twilio/voice/callback/agent-status', '/twilio/voice/callback/status'];

/** Twilio Voice webhooks, signed: calls that follow the TwiML they get with garbage keys and speech, unknown calls. */
export class VoiceFuzzer implements Fuzzer {
  private readonly calls: Call[];
  private readonly pending = new Map<FuzzRequest, Call>();

  constructor(
    private readonly r: Random,
    private readonly target: FuzzTarget,
  ) {
    this.calls = Array.from({ length: CALLS }, (_, i) => ({ sid: newCallSidFrom(r), from: `+1289555${String(8500 + i).padStart(4, '0')}` }));
  }

  next(): FuzzRequest {
    const r = this.r;
    const call = r.pick(this.calls);
    const base: [string, string][] = [
      ['AccountSid', 'AC' + 'a'.repeat(32)],
      ['CallSid', r.chance(0.9) ? call.sid : r.pick([newCallSidFrom(r), '', 'CA123', hostileText(r)])],
      ['From', r.chance(0.95) ? call.from : hostileText(r).slice(0, 40)],
      ['To', this.target.cityNumber],
      ['CallStatus', r.pick(['ringing', 'in-progress', 'completed', 'busy', hostileText(r)])],
      ['Direction', 'inbound'],
    ];
    let path: string;
    if (!call.next || r.chance(0.05)) {
      path = '/twilio/voice';
    } else if (r.chance(0.75)) {
      path = call.next;
      base.push(...this.answer());
    } else {
      const garbage = encodeURIComponent(wellFormed(hostileText(r)));
      path = `${r.pick(ROUTES)}?${r.pick([`step=${r.hex(12)}`, `step=${garbage}`, `call=${call.sid}&step=${r.hex(12)}`, `attempt=${garbage}`, 'attempt[$ne]=x', ''])}`;
      base.push(...this.answer(), ['DialCallStatus', r.pick(['completed', 'no-answer', hostileText(r)])], ['AnsweredBy', r.pick(['human', 'machine_start', hostileText(r)])]);
    }
    if (r.chance(0.05)) base.push([r.pick(['Digits', 'SpeechResult', 'CallSid', 'From']), hostileText(r)]);
    if (r.chance(0.03)) base.push([`${r.pick(['Digits', 'CallSid'])}[$ne]`, 'x']);
    const request = r.chance(0.03) ? signedForm(this.target, path, base, 'not-the-auth-token') : signedForm(this.target, path, base);
    this.pending.set(request, call);
    return request;
  }

  learn(request: FuzzRequest, outcome: FuzzOutcome): void {
    const call = this.pending.get(request);
    this.pending.delete(request);
    if (!call || !('status' in outcome)) return;
    // The next question's action URL, as Twilio would post to it; a call that ended starts again.
    const action = /<Gather[^>]*action="([^"]+)"/.exec(outcome.body)?.[1]?.replace(/&amp;/g, '&');
    call.next = action?.startsWith(this.target.publicBaseUrl) ? action.slice(this.target.publicBaseUrl.length) : undefined;
    if (!call.next && this.r.chance(0.5)) call.sid = newCallSidFrom(this.r);
  }

  private answer(): [string, string][] {
    const r = this.r;
    switch (r.int(5)) {
      case 0:
        return [['Digits', r.pick(['1', '2', '3', '4', '5', '6', '*', '#', '9', '0'])]];
      case 1:
        return [['Digits', hostileText(r)]];
      case 2:
        return [['SpeechResult', hostileText(r)], ['Confidence', r.pick(['0.9', '-1', 'NaN', hostileText(r)])]];
      case 3:
        return [['SpeechResult', r.pick(['pothole', '40 King Street', 'yes', 'no', 'menu', 'talk to a person', 'call me back']) + r.pick(['', '\u0001', '\u0000', '😀'])]];
      default:
        return [];
    }
  }
}

function newCallSidFrom(r: Random): string {
  return 'CA' + r.hex(32);
}
