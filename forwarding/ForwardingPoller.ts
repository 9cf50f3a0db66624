import { z } from 'zod';
import { Outbox } from '../outbox/Outbox';
import { Bodies, Body } from './Bodies';
import { BodyUpdates } from './BodyUpdates';
import { CaseForwarding } from './CaseForwarding';
import { CaseRouter } from './CaseRouter';
import { forwardKey } from './forwardPayload';
import { CaseService } from '../cases/CaseService';

/** GeoReport v2 `GET requests/{id}.json`: a list of one request; only its status and notes matter here. */
/** GeoReport v2 `GET tokens/{token}.json`: the id once the body has assigned one. */
const tokenAnswer = z.array(z.object({ service_request_id: z.union([z.string().min(1).max(200), z.number()]).nullish() }).passthrough());

const requestAnswer = z
  .array(z.object({ status: z.enum(['open', 'closed']), status_notes: z.string().max(4000).nullish() }).passthrough())
  .min(1);

export interface ForwardingPollerOptions {
  bodies: Bodies;
  forwarding: CaseForwarding;
  updates: BodyUpdates;
  router: Pick<CaseRouter, 'send'>;
  outbox: Outbox;
  cases: Pick<CaseService, 'findByNumber'>;
  timeoutMs: number;
  /** Cases looked at per run. */
  batch?: number;
  log: (message: string, error?: unknown) => void;
  fetch?: typeof fetch;
}

/**
 * Runs on a timer in every process (each step is idempotent): finishes forwards a crash left half-done (the
 * outbox's record of what it sent is the truth), and asks Open311 bodies what became of the cases they hold.
 */
export class ForwardingPoller {
  constructor(private readonly options: ForwardingPollerOptions) {}

  async runOnce(): Promise<void> {
    for (const found of await this.options.forwarding.open(this.options.batch ?? 50)) {
      try {
        if (found.forwarding?.state === 'pending') await this.settle(found.number);
        else await this.poll(found.number, found.forwarding?.body, found.forwarding?.externalId);
      } catch (error) {
        this.options.log(`Case ${found.number}: forwarding check failed (tried again next round)`, error);
      }
    }
  }

  /** A pending forward: recorded as sent or failed from the outbox, or queued again if it never was. */
  private async settle(number: string): Promise<void> {
    const { outbox, forwarding } = this.options;
    const key = forwardKey(number);
    const finished = await outbox.finishedMessage(key);
    if (finished?.outcome === 'sent') return forwarding.recordSent(number, finished.providerIds.at(-1) || key);
    if (finished) return forwarding.recordFailed(number, `${finished.outcome}: ${finished.lastError ?? ''}`);
    if (await outbox.get(key)) return; // still being sent
    const record = await this.options.cases.findByNumber(number);
    if (record) await this.options.router.send(record);
  }

  private async poll(number: string, bodyId: string | undefined, externalId: string | undefined): Promise<void> {
    const body = bodyId ? this.options.bodies.get(bodyId) : undefined;
    // Webhook bodies push their updates.
    if (!body || body.forward.method !== 'open311' || !externalId) return;
    if (externalId.startsWith('token:')) {
      const id = await this.fetchId(body, externalId.slice('token:'.length));
      if (id) await this.options.forwarding.recordExternalId(number, externalId, id);
      else await this.options.forwarding.checked(number);
      return;
    }
    const answer = await this.fetchRequest(body, externalId);
    if (!answer) return this.options.forwarding.checked(number);
    await this.options.updates.apply(number, body.id, answer.status, answer.status_notes ?? undefined);
  }

  private async fetchRequest(body: Body, externalId: string): Promise<z.infer<typeof requestAnswer>[number]> {
    const parsed = requestAnswer.safeParse(await this.get(body, `requests/${encodeURIComponent(externalId)}.json`));
    if (!parsed.success) throw new Error(`${body.id} answered request ${externalId} in an unexpected shape`);
    return parsed.data[0];
  }

  /** The request id behind a token, or undefined while the body has not assigned one. */
  private async fetchId(body: Body, token: string): Promise<string | undefined> {
    const parsed = tokenAnswer.safeParse(await this.get(body, `tokens/${encodeURIComponent(token)}.json`));
    if (!parsed.success) throw new Error(`${body.id} answered token ${token} in an unexpected shape`);
    const id = parsed.data[0]?.service_request_id;
    return id === undefined || id === null ? undefined : String(id);
  }

  private async get(body: Body, resource: string): Promise<unknown> {
    if (body.forward.method !== 'open311') throw new Error(`${body.id} is not an Open311 body`);
    const { endpoint, jurisdictionId } = body.forward;
    const query = jurisdictionId ? `?jurisdiction_id=${encodeURIComponent(jurisdictionId)}` : '';
    const response = await (this.options.fetch ?? fetch)(`${endpoint.replace(/\/+$/, '')}/${resource}${query}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`${body.id} answered ${response.status} for ${resource}`);
    return response.json();
  }
}
