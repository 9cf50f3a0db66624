import { once } from 'node:events';
import { AddressInfo, Socket } from 'node:net';
import { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import express, { Response } from 'express';

const randomHex = (length: number) => randomBytes(length / 2).toString('hex');

export interface SentMessage {
  accountSid: string;
  to: string;
  from: string;
  body: string;
  mediaUrl: string[];
  authorization: string;
}

export interface PlacedCall {
  sid: string;
  to: string;
  from: string;
  url: string;
  statusCallback: string;
  statusCallbackEvent: string[];
  machineDetection: string;
  timeout: string;
}
/** How the fake answers the next requests: as Twilio does, with a 500, or not at all (the connection hangs). */
export type TwilioBehaviour = 'accept' | 'fail' | 'hang';

/** A local stand-in for Twilio's REST API: records what the real SDK sends and answers as Twilio does. */
export class FakeTwilioApi {
  readonly messages: SentMessage[] = [];
  readonly calls: PlacedCall[] = [];
  /** Numbers that texted STOP at Twilio: sending to them fails with Twilio's error 21610. */
  readonly blocked = new Set<string>();
  /** MMS media Twilio holds, by path (/2010-04-01/Accounts/AC.../Messages/MM.../Media/ME...). */
  readonly media = new Map<string, { contentType: string; bytes: Buffer }>();
  /** Media downloads Twilio answers with a 500 before it serves them again. */
  mediaFailures = 0;
  /** While set, media downloads wait for it (a slow Twilio). */
  private mediaGate?: Promise<void>;
  /** The Authorization header of every media download. */
  readonly mediaAuthorizations: string[] = [];
  /** Line types Lookup reports (default: mobile). */
  readonly lineTypes = new Map<string, string>();
  /** How Lookup answers, apart from the other endpoints. */
  lookupBehaviour: TwilioBehaviour = 'accept';
  /** Numbers Lookup was asked about, in order. */
  readonly lookups: string[] = [];
  /** Status returned when a call is fetched (default: in-progress). */
  readonly callStatuses = new Map<string, string>();
  /** Makes Twilio refuse new calls (as when the account is suspended or the number is invalid). */
  refuseCalls = false;
  behaviour: TwilioBehaviour = 'accept';
  /** Every request to send a message, whatever it was answered. */
  attempts = 0;
  private readonly hung: Response[] = [];
  private readonly sockets = new Set<Socket>();
  private server?: Server;

  async start(): Promise<string> {
    const app = express();
    app.post('/2010-04-01/Accounts/:accountSid/Messages.json', express.urlencoded({ extended: false }), (req, res) => {
      this.attempts++;
      if (this.misbehave(this.behaviour, res)) return;
      const form = req.body as Record<string, string | string[]>;
      const to = String(form.To);
      if (this.blocked.has(to)) {
        res.status(400).json({ code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
        return;
      }
      const mediaUrl = form.MediaUrl === undefined ? [] : ([] as string[]).concat(form.MediaUrl);
      this.messages.push({ accountSid: req.params.accountSid, to, from: String(form.From), body: String(form.Body ?? ''), mediaUrl, authorization: req.header('authorization') ?? '' });
      const sid = `SM${String(this.messages.length).padStart(32, '0')}`;
      res.status(201).json({ sid, account_sid: req.params.accountSid, to, from: form.From, body: form.Body, status: 'queued', num_media: String(mediaUrl.length) });
    });
    app.get('/2010-04-01/Accounts/:accountSid/Messages/:messageSid/Media/:mediaSid', async (req, res) => {
      this.mediaAuthorizations.push(req.header('authorization') ?? '');
      await this.mediaGate;
      const [user, password] = Buffer.from((req.header('authorization') ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
      if (user !== req.params.accountSid || !password) return void res.status(401).json({ code: 20003, message: 'Authenticate' });
      if (this.mediaFailures > 0) {
        this.mediaFailures--;
        return void res.status(500).json({ code: 20500, message: 'Internal Server Error' });
      }
      const found = this.media.get(req.path);
      if (!found) return void res.status(404).json({ code: 20404, message: 'Not found' });
      res.type(found.contentType).send(found.bytes);
    });
    app.post('/2010-04-01/Accounts/:accountSid/Calls.json', express.urlencoded({ extended: false }), (req, res) => {
      const form = req.body as Record<string, string | string[]>;
      if (this.refuseCalls) {
        res.status(400).json({ code: 21215, message: 'Geographic permission not enabled', status: 400 });
        return;
      }
      const sid = `CA${String(this.calls.length + 1).padStart(32, '0')}`;
      this.calls.push({
        sid,
        to: String(form.To),
        from: String(form.From),
        url: String(form.Url),
        statusCallback: String(form.StatusCallback ?? ''),
        statusCallbackEvent: ([] as string[]).concat(form.StatusCallbackEvent ?? []),
        machineDetection: String(form.MachineDetection ?? ''),
        timeout: String(form.Timeout ?? ''),
      });
      res.status(201).json({ sid, account_sid: req.params.accountSid, to: form.To, from: form.From, status: 'queued' });
    });
    app.get('/2010-04-01/Accounts/:accountSid/Calls/:sid.json', (req, res) => {
      const call = this.calls.find((c) => c.sid === req.params.sid);
      if (!call) {
        res.status(404).json({ code: 20404, message: 'Not found', status: 404 });
        return;
      }
      res.json({ sid: call.sid, account_sid: req.params.accountSid, to: call.to, from: call.from, status: this.callStatuses.get(call.sid) ?? 'in-progress' });
    });
    app.get('/v2/PhoneNumbers/:number', (req, res) => {
      const number = decodeURIComponent(req.params.number);
      this.lookups.push(number);
      if (this.misbehave(this.lookupBehaviour, res)) return;
      res.json({
        phone_number: number,
        valid: true,
        line_type_intelligence: { type: this.lineTypes.get(number) ?? 'mobile', carrier_name: 'Local stand-in', error_code: null },
      });
    });
    this.server = app.listen(0, '127.0.0.1');
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers as a failing or hanging Twilio would; false when the request should be served. */
  private misbehave(behaviour: TwilioBehaviour, res: Response): boolean {
    if (behaviour === 'hang') this.hung.push(res);
    else if (behaviour === 'fail') res.status(500).json({ code: 20500, message: 'Internal Server Error', status: 500 });
    return behaviour !== 'accept';
  }

  /** Makes media downloads wait until the returned function is called. */
  holdMedia(): () => void {
    let release = () => undefined as void;
    this.mediaGate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.mediaGate = undefined;
      release();
    };
  }

  /** Holds a photo as Twilio does for an incoming MMS; returns its media URL (on api.twilio.com, as Twilio sends it). */
  addMedia(accountSid: string, bytes: Buffer, contentType = 'image/png'): string {
    const path = `/2010-04-01/Accounts/${accountSid}/Messages/MM${randomHex(32)}/Media/ME${randomHex(32)}`;
    this.media.set(path, { contentType, bytes });
    return `https://api.twilio.com${path}`;
  }

  /** Texts received for one number, in order. */
  to(phone: string): SentMessage[] {
    return this.messages.filter((m) => m.to === phone);
  }

  /** Drops the connections left hanging, as a crashed Twilio edge would. */
  dropHung(): void {
    for (const res of this.hung.splice(0)) res.socket?.destroy();
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.dropHung();
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }
}
