import { generateToken, StartedConversation, WebServer } from './webChatHarness';

interface WireActivity {
  id?: string;
  type: string;
  text?: string;
  replyToId?: string;
  from: { id: string; role?: string };
  channelData?: Record<string, unknown>;
}

/**
 * A web chat resident speaking raw Direct Line over HTTP (token, post, poll), as a script would: quicker than the
 * official client when a test opens many conversations. `headers` go on every request (X-Forwarded-For).
 */
export class WebChatter {
  private watermark = '';
  readonly seen: WireActivity[] = [];

  private constructor(
    private readonly server: WebServer,
    readonly session: StartedConversation,
    private readonly headers: Record<string, string>,
  ) {}

  static async start(server: WebServer, headers: Record<string, string> = {}): Promise<WebChatter> {
    return new WebChatter(server, await generateToken(server, undefined, headers), headers);
  }

  /** A new conversation for the browser that kept this resident key (the same web user). */
  static async startAs(server: WebServer, residentKey: string, headers: Record<string, string> = {}): Promise<WebChatter> {
    return new WebChatter(server, await generateToken(server, residentKey, headers), headers);
  }

  /** Sends a message; answers the bot's messages that reply to it (waits for the turn to go quiet). */
  async say(text: string, extra: Record<string, unknown> = {}): Promise<string> {
    const posted = await fetch(`${this.server.domain}/conversations/${this.session.conversationId}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.session.token}`, ...this.headers },
      body: JSON.stringify({ type: 'message', text, from: { id: this.session.userId }, ...extra }),
    });
    if (!posted.ok) throw new Error(`posting answered ${posted.status}: ${await posted.text()}`);
    const { id } = (await posted.json()) as { id: string };
    const replies = () => this.seen.filter((a) => a.type === 'message' && a.replyToId === id);
    const deadline = Date.now() + 20_000;
    while (replies().length === 0) {
      if (Date.now() > deadline) throw new Error(`No answer to "${text}"`);
      await this.poll();
      await new Promise((r) => setTimeout(r, 50));
    }
    let count = 0;
    while (replies().length !== count) {
      count = replies().length;
      await new Promise((r) => setTimeout(r, 300));
      await this.poll();
    }
    return replies()
      .map((a) => a.text ?? '')
      .join('\n\n');
  }

  /** Every activity of the conversation as the client sees it (its own echoed messages too). */
  async poll(): Promise<WireActivity[]> {
    const response = await fetch(`${this.server.domain}/conversations/${this.session.conversationId}/activities?watermark=${this.watermark}`, {
      headers: { Authorization: `Bearer ${this.session.token}`, ...this.headers },
    });
    const page = (await response.json()) as { activities: WireActivity[]; watermark: string };
    this.seen.push(...page.activities);
    this.watermark = page.watermark;
    return page.activities;
  }
}
