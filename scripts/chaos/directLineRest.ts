/**
 * A web chat resident over Direct Line 3.0 REST, as the official client does it when polling: the page's token
 * endpoint, POST /conversations, POST activities, GET activities with the watermark. Used by the chaos run and tests.
 */

export interface RestActivity {
  id?: string;
  type: string;
  text?: string;
  replyToId?: string;
  from: { id: string; role?: string };
}

export class DirectLineRestClient {
  private watermark = '';
  readonly received: RestActivity[] = [];

  private constructor(
    private domain: string,
    readonly conversationId: string,
    private readonly token: string,
    readonly userId: string,
  ) {}

  /** tokens/generate, then POST /conversations (what the client does with a token). */
  static async start(baseUrl: string, timeoutMs = 10_000): Promise<DirectLineRestClient> {
    const domain = `${baseUrl}/v3/directline`;
    const generated = await fetch(`${domain}/tokens/generate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!generated.ok) throw new Error(`tokens/generate answered ${generated.status}`);
    const { conversationId, token, userId } = (await generated.json()) as { conversationId: string; token: string; userId: string };
    const client = new DirectLineRestClient(domain, conversationId, token, userId);
    const opened = await fetch(`${domain}/conversations`, { method: 'POST', headers: client.headers(), signal: AbortSignal.timeout(timeoutMs) });
    if (!opened.ok) throw new Error(`POST /conversations answered ${opened.status}`);
    return client;
  }

  /** The same conversation through another server (a restarted one on a new port, or a second process). */
  via(baseUrl: string): this {
    this.domain = `${baseUrl}/v3/directline`;
    return this;
  }

  /** Posts a message; the activity id when the server accepted it, undefined when the POST failed (20 s: the client's timeout). */
  async post(text: string, timeoutMs = 20_000): Promise<string | undefined> {
    try {
      const response = await fetch(`${this.domain}/conversations/${encodeURIComponent(this.conversationId)}/activities`, {
        method: 'POST',
        headers: { ...this.headers(), 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', text, from: { id: this.userId } }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) return undefined;
      return ((await response.json()) as { id?: string }).id;
    } catch {
      return undefined;
    }
  }

  /** One poll: new activities since the watermark (none when the server cannot be reached). */
  async poll(timeoutMs = 5000): Promise<RestActivity[]> {
    try {
      const query = this.watermark ? `?watermark=${encodeURIComponent(this.watermark)}` : '';
      const response = await fetch(`${this.domain}/conversations/${encodeURIComponent(this.conversationId)}/activities${query}`, {
        headers: this.headers(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) return [];
      const page = (await response.json()) as { activities: RestActivity[]; watermark?: string };
      if (page.watermark) this.watermark = page.watermark;
      this.received.push(...page.activities);
      return page.activities;
    } catch {
      return [];
    }
  }

  /** The bot's messages answering activity `id` received so far. */
  answersTo(id: string): RestActivity[] {
    return this.received.filter((a) => a.type === 'message' && isBot(a) && a.replyToId === id);
  }

  /** Polls until an answer to `id` has come and the bot has then been quiet `quietMs`, or until the deadline. */
  async awaitAnswer(id: string, until: number, pollMs = 200, quietMs = 800): Promise<string> {
    while (Date.now() < until && this.answersTo(id).length === 0) {
      await this.poll();
      await sleep(pollMs);
    }
    if (this.answersTo(id).length === 0) return '';
    for (let quietSince = Date.now(); Date.now() - quietSince < quietMs; ) {
      await sleep(pollMs);
      if ((await this.poll()).length > 0) quietSince = Date.now();
    }
    return this.answersTo(id)
      .map((a) => a.text ?? '')
      .join('\n\n');
  }

  private headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}` };
  }
}

function isBot(activity: RestActivity): boolean {
  return activity.from.role === 'bot' || activity.from.id === 'civicline';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
