import { hostileText } from './hostile';
import { Random } from './random';
import { Fuzzer, FuzzTarget, signedForm } from './target';
import { FuzzRequest } from './transport';

const PATH = '/twilio/sms';
/** A few residents, so hostile messages land in the middle of real dialogs (read-backs echo them). */
const RESIDENTS = 100;

/** Twilio Messaging webhooks: signed for real, with hostile bodies, wrong types, missing fields and replays. */
export class SmsFuzzer implements Fuzzer {
  private readonly sids: string[] = [];

  constructor(
    private readonly r: Random,
    private readonly target: FuzzTarget,
  ) {}

  next(): FuzzRequest {
    const r = this.r;
    const sid = this.sid();
    const from = r.chance(0.9) ? `+1289555${String(8000 + r.int(RESIDENTS)).padStart(4, '0')}` : hostileText(r).slice(0, 40);
    const fields: [string, string][] = [
      ['MessageSid', sid],
      ['SmsMessageSid', sid],
      ['AccountSid', 'AC' + 'a'.repeat(32)],
      ['From', from],
      ['To', this.target.cityNumber],
      ['Body', hostileText(r)],
      ['NumMedia', r.chance(0.8) ? '0' : r.pick(['1', '10', '-1', '1.5e3', 'NaN', hostileText(r)])],
      ['SmsStatus', 'received'],
      ['ApiVersion', '2010-04-01'],
    ];
    switch (r.int(12)) {
      case 0: // random MediaUrls, some pointing at Twilio (copied later from the stand-in), some anywhere
        for (let i = 0; i < 1 + r.int(10); i++) {
          fields.push([`MediaUrl${i}`, r.pick([`https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/${sid}/Media/ME${r.hex(32)}`, 'http://169.254.169.254/latest', 'file:///etc/passwd', hostileText(r), ''])]);
          fields.push([`MediaContentType${i}`, r.pick(['image/jpeg', 'image/png', 'video/mp4', 'text/plain', hostileText(r)])]);
        }
        break;
      case 1: // a field sent twice (express makes it an array)
        fields.push([r.pick(['Body', 'From', 'To', 'MessageSid', 'NumMedia', 'MediaUrl0', 'OptOutType']), hostileText(r)]);
        break;
      case 2: // an operator-looking field name
        fields.push([`${r.pick(['Body', 'From', 'MessageSid', 'To'])}[${r.pick(['$ne', '$gt', '$regex', '0', ''])}]`, r.pick(['', 'x', '.*'])]);
        break;
      case 3: // a field missing
        fields.splice(r.pick([0, 3, 4, 5]), 1);
        break;
      case 4: // a huge body (over the 64 kB limit, or just under)
        fields[5] = ['Body', 'x'.repeat(r.chance(0.8) ? 70_000 : 20_000) + hostileText(r)];
        break;
      case 5: // carrier keywords and opt-out types
        fields.push(['OptOutType', r.pick(['STOP', 'START', 'HELP', hostileText(r)])]);
        break;
      case 6: // odd field names
        fields.push([hostileText(r).slice(0, 30) || 'x', hostileText(r)]);
        break;
      default:
        break;
    }
    const roll = r.int(40);
    if (roll === 0) return { ...signedForm(this.target, PATH, fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
    if (roll === 1) return signedForm(this.target, PATH, fields, 'not-the-auth-token');
    if (roll === 2) return { method: 'POST', path: PATH, headers: { 'Content-Type': r.pick(['application/x-www-form-urlencoded', 'application/json', 'text/plain']), 'X-Twilio-Signature': r.hex(20) }, body: r.bytes(r.int(4000)) };
    if (roll === 3) return { ...signedForm(this.target, PATH, fields), cutAfter: r.int(200) };
    return signedForm(this.target, PATH, fields);
  }

  /** Mostly new MessageSids; one in ten a delivery of an earlier one again (Twilio retries). */
  private sid(): string {
    const r = this.r;
    if (this.sids.length > 0 && r.chance(0.1)) return r.pick(this.sids);
    const sid = (r.chance(0.9) ? 'SM' : 'MM') + r.hex(32);
    this.sids.push(sid);
    if (this.sids.length > 200) this.sids.shift();
    return r.chance(0.02) ? r.pick(['', 'SM123', hostileText(r), 'AC' + r.hex(32)]) : sid;
  }
}
