import { once } from 'node:events';
import { AddressInfo, Socket } from 'node:net';
import { Server } from 'node:http';
import express, { Response } from 'express';

export interface SentMessage {
  accountSid: string;
  to: string;
  from: string;
  body: string;
  mediaUrl: string[];
  authorization: string;
}

/** How the fake answers the next requests: as Twilio does, with a 500, or not at all (the connection hangs). */
export type TwilioBehaviour = 'accept' | 'fail' | 'hang';

/** A local stand-in for Twilio's REST API: records what the real SDK sends and answers as Twilio does. */
export class FakeTwilioApi {
  readonly messages: SentMessage[] = [];
  /** Numbers that texted STOP at Twilio: sending to them fails with Twilio's error 21610. */
  readonly blocked = new Set<string>();
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
      if (this.behaviour === 'hang') {
        this.hung.push(res);
        return;
      }
      if (this.behaviour === 'fail') {
        res.status(500).json({ code: 20500, message: 'Internal Server Error', status: 500 });
        return;
      }
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
    this.server = app.listen(0, '127.0.0.1');
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
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
