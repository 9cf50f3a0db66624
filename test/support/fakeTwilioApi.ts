import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import express from 'express';

export interface SentMessage {
  accountSid: string;
  to: string;
  from: string;
  body: string;
  mediaUrl: string[];
  authorization: string;
}

/** A local stand-in for Twilio's REST API: records what the real SDK sends and answers as Twilio does. */
export class FakeTwilioApi {
  readonly messages: SentMessage[] = [];
  /** Numbers that texted STOP at Twilio: sending to them fails with Twilio's error 21610. */
  readonly blocked = new Set<string>();
  private server?: Server;

  async start(): Promise<string> {
    const app = express();
    app.post('/2010-04-01/Accounts/:accountSid/Messages.json', express.urlencoded({ extended: false }), (req, res) => {
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
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.close();
    await once(this.server, 'close');
  }
}
