import { DirectLine, Activity as ClientActivity } from 'botframework-directlinejs';
import { WebSocket } from 'ws';
import { generateToken, StartedConversation, WebServer } from './webChatHarness';

interface NodeXhr {
  send(body?: unknown): void;
  setRequestHeader(name: string, value: string): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const NodeXMLHttpRequest = require('xhr2') as new () => NodeXhr;

/** An activity as the client receives it (the fields these tests read). */
export interface Activity {
  id?: string;
  type: string;
  name?: string;
  value?: unknown;
  text?: string;
  replyToId?: string;
  timestamp?: string;
  from: { id: string; name?: string; role?: string };
  attachments?: { contentType: string; contentUrl?: string; name?: string }[];
  suggestedActions?: { actions: { title?: string; value?: unknown; type: string }[] };
  channelData?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * xhr2 (XMLHttpRequest for Node) cannot send FormData, which the client uses for uploads: encode it as a
 * browser would (multipart with a boundary) before sending. Test environment only.
 */
class FormDataXMLHttpRequest extends NodeXMLHttpRequest {
  override send(body?: unknown): void {
    if (!(body instanceof FormData)) return super.send(body);
    const encoded = new Response(body);
    void encoded.arrayBuffer().then((bytes) => {
      this.setRequestHeader('Content-Type', encoded.headers.get('content-type') ?? 'multipart/form-data');
      super.send(Buffer.from(bytes));
    });
  }
}

/** The official client needs browser globals; these are the ones channels.md names for Node. */
export function installBrowserGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  g.XMLHttpRequest = FormDataXMLHttpRequest;
  g.WebSocket = WebSocket;
}

export interface ClientOptions {
  webSocket: boolean;
  /** Resume this conversation (a page reload) instead of starting one. */
  resume?: { conversationId: string; token: string };
}

/**
 * A resident using the real botframework-directlinejs client (what Web Chat runs in the browser), over the
 * WebSocket stream or by polling. Collects every activity the client receives.
 */
export class DirectLineResident {
  readonly received: Activity[] = [];
  private readonly subscription: { unsubscribe(): void };

  private constructor(
    readonly directLine: DirectLine,
    readonly session: StartedConversation,
  ) {
    this.subscription = directLine.activity$.subscribe((activity) => this.received.push(activity as unknown as Activity));
  }

  static async join(server: WebServer, options: ClientOptions, residentKey?: string): Promise<DirectLineResident> {
    installBrowserGlobals();
    const session = options.resume
      ? { ...(await generateTokenLess(options.resume)), userId: '', residentKey: residentKey ?? '' }
      : await generateToken(server, residentKey);
    const directLine = new DirectLine({
      domain: server.domain,
      token: session.token,
      conversationId: options.resume ? session.conversationId : undefined,
      webSocket: options.webSocket,
      pollingInterval: 200,
    });
    return new DirectLineResident(directLine, session);
  }

  get userId(): string {
    return this.session.userId;
  }

  /** The page's join event (Web Chat's welcome pattern), with the browser's language. */
  async join(language = 'en-US'): Promise<Activity[]> {
    const id = await this.post({ type: 'event', name: 'webchat/join', value: { language }, from: { id: this.userId } } as Activity);
    return this.repliesAfter(id, (a) => a.type === 'message');
  }

  /** Sends a message and returns the bot's messages that answer it. */
  async say(text: string, extra: Partial<Activity> = {}): Promise<Activity[]> {
    const id = await this.post({ type: 'message', text, from: { id: this.userId }, ...extra } as Activity);
    return this.repliesAfter(id, (a) => a.type === 'message' && a.replyToId === id);
  }

  async sayText(text: string, extra: Partial<Activity> = {}): Promise<string> {
    return (await this.say(text, extra)).map((a) => (a as { text?: string }).text ?? '').join('\n\n');
  }

  post(activity: Activity): Promise<string> {
    return new Promise((resolve, reject) => {
      this.directLine.postActivity(activity as unknown as ClientActivity).subscribe({ next: (id) => resolve(id), error: reject });
    });
  }

  /** Waits for the first answer, then until the bot has been quiet a moment (a turn may send several messages). */
  async repliesAfter(id: string, isReply: (a: Activity) => boolean, timeoutMs = 15_000): Promise<Activity[]> {
    const deadline = Date.now() + timeoutMs;
    const bot = () => this.received.filter((a) => a.from.role === 'bot' || a.from.id === 'civicline');
    while (!bot().some(isReply)) {
      if (Date.now() > deadline) throw new Error(`No answer to ${id}; received: ${JSON.stringify(this.received.map((a) => [a.type, (a as { text?: string }).text]))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    let count = bot().length;
    for (;;) {
      await new Promise((r) => setTimeout(r, 600));
      if (bot().length === count) break;
      count = bot().length;
    }
    const first = this.received.findIndex((a) => a.id === id);
    return this.received.slice(first + 1).filter((a) => isReply(a) || (a.type === 'message' && (a.from.role === 'bot' || a.from.id === 'civicline') && a.replyToId === id));
  }

  /** Waits until an activity matching the test has arrived. */
  async waitFor(test: (a: Activity) => boolean, timeoutMs = 10_000): Promise<Activity> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('Activity never arrived');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  end(): void {
    this.subscription.unsubscribe();
    this.directLine.end();
  }
}

async function generateTokenLess(resume: { conversationId: string; token: string }) {
  return { conversationId: resume.conversationId, token: resume.token, expires_in: 0 };
}
