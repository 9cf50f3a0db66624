import { hostileJsonValue, hostileText } from './hostile';
import { Random } from './random';
import { Fuzzer } from './target';
import { FuzzRequest } from './transport';

/**
 * Replies go to an activity's serviceUrl unless it asks for them in the answer: every activity here names a closed
 * port on 127.0.0.1 or none at all, so the server under test never sends anything off this machine.
 */
const SERVICE_URLS = ['http://127.0.0.1:9/', 'http://localhost:9/x', undefined];

/** POST /api/messages from loopback (as the Emulator does): garbage activities and bodies. */
export class BotFrameworkFuzzer implements Fuzzer {
  constructor(private readonly r: Random) {}

  next(): FuzzRequest {
    const r = this.r;
    const headers: Record<string, string> = { 'Content-Type': r.chance(0.95) ? 'application/json' : r.pick(['text/plain', 'application/x-www-form-urlencoded']) };
    if (r.chance(0.1)) headers.Authorization = `Bearer ${r.pick(['x', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', hostileText(r).replace(/[^\x21-\x7e]/g, '')])}`;
    return { method: 'POST', path: '/api/messages', headers, body: this.body() };
  }

  private body(): string {
    const r = this.r;
    const conversation = { id: r.chance(0.8) ? `fuzz-${r.int(20)}` : hostileJsonValue(r) };
    const from = { id: r.chance(0.8) ? `user-${r.int(20)}` : hostileJsonValue(r), name: hostileJsonValue(r) };
    const base = { channelId: r.pick(['emulator', 'webchat', 'sms', 'voice', 'msteams', hostileJsonValue(r)]), conversation, from, recipient: { id: 'bot' }, id: r.hex(8), serviceUrl: r.pick(SERVICE_URLS), deliveryMode: r.pick(['expectReplies', 'normal', undefined]) };
    switch (r.int(7)) {
      case 0:
        return r.pick(['{', 'null', '[]', '"x"', r.bytes(r.int(400)).toString('latin1'), '']);
      case 1:
        return JSON.stringify({ ...base, type: 'message', text: hostileText(r) });
      case 2:
        return JSON.stringify({ ...base, type: hostileJsonValue(r), text: hostileJsonValue(r), value: hostileJsonValue(r), attachments: hostileJsonValue(r) });
      case 3:
        return JSON.stringify({ ...base, type: 'conversationUpdate', membersAdded: hostileJsonValue(r) });
      case 4:
        return JSON.stringify({ ...base, type: 'event', name: hostileJsonValue(r), value: hostileJsonValue(r) });
      case 5:
        return JSON.stringify({ type: 'message', text: hostileText(r), conversation: hostileJsonValue(r), from: hostileJsonValue(r), serviceUrl: r.pick(SERVICE_URLS) });
      default:
        return JSON.stringify({ ...base, type: 'message', text: 'pothole at 5 Elm St', deliveryMode: 'expectReplies' });
    }
  }
}
