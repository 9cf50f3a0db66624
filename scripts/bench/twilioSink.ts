import http from 'node:http';
import net from 'node:net';
import { newMessageSid } from '../smsClient';
import { HOST } from './constants';

export interface RestSink {
  url: string;
  calls(): number;
  close(): Promise<void>;
}

/** Stands in for api.twilio.com so a proactive send (unexpected here) is counted instead of leaving the machine. */
export function startRestSink(): Promise<RestSink> {
  let calls = 0;
  const server = http.createServer((req, res) => {
    calls++;
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ sid: newMessageSid(), status: 'queued' }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        url: `http://${HOST}:${port}`,
        calls: () => calls,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
