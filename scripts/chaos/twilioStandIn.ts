import http from 'node:http';
import net from 'node:net';
import { newMessageSid } from '../smsClient';
import { HOST } from '../bench/constants';

/** How the stand-in answers: as Twilio does, with a 500, or not at all (the request hangs until dropped). */
export type TwilioMode = 'accept' | 'fail' | 'hang';

export interface TextReceived {
  to: string;
  body: string;
  at: number;
}

export interface TwilioStandIn {
  url: string;
  mode: TwilioMode;
  /** Every text accepted, in order. */
  texts: TextReceived[];
  /** Every request to send a text, whatever it was answered. */
  attempts(): number;
  textsTo(phone: string): TextReceived[];
  /** Ends the requests left hanging (their connections are dropped, as a failing Twilio edge would). */
  dropHung(): void;
  close(): Promise<void>;
}

/** Stands in for api.twilio.com on loopback: records the texts the server sends, or fails or hangs on demand. */
export function startTwilioStandIn(): Promise<TwilioStandIn> {
  const texts: TextReceived[] = [];
  const hung: http.ServerResponse[] = [];
  const sockets = new Set<net.Socket>();
  let attempts = 0;
  const standIn = {
    url: '',
    mode: 'accept' as TwilioMode,
    texts,
    attempts: () => attempts,
    textsTo: (phone: string) => texts.filter((t) => t.to === phone),
    dropHung: () => {
      for (const res of hung.splice(0)) res.socket?.destroy();
    },
    close: async (): Promise<void> => undefined,
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (!req.url?.endsWith('/Messages.json')) {
        res.writeHead(404).end();
        return;
      }
      attempts++;
      if (standIn.mode === 'hang') {
        hung.push(res);
        return;
      }
      if (standIn.mode === 'fail') {
        res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 20500, message: 'Internal Server Error', status: 500 }));
        return;
      }
      const form = new URLSearchParams(body);
      texts.push({ to: form.get('To') ?? '', body: form.get('Body') ?? '', at: Date.now() });
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ sid: newMessageSid(), status: 'queued' }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      standIn.url = `http://${HOST}:${(server.address() as net.AddressInfo).port}`;
      standIn.close = () =>
        new Promise<void>((done) => {
          standIn.dropHung();
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        });
      resolve(standIn);
    });
  });
}
