import { Delivery, OutboxTransport, PermanentSendError } from '../outbox/OutboxTransport';
import { signedHeaders } from './bodySignature';
import { BodyTransportOptions } from './Open311Transport';
import { caseNumberOfForwardKey, readPayload } from './forwardPayload';

/**
 * The outbox's channel 'webhook': a case sent to a body as JSON, signed with HMAC-SHA256 over the timestamp and
 * the body (see bodySignature), with the outbox key as `Idempotency-Key` and as the payload's `id`. The body may
 * answer `{ "id": "<its reference>" }`; otherwise the key is the reference.
 */
export class WebhookTransport implements OutboxTransport {
  constructor(private readonly options: BodyTransportOptions & { clock: () => Date }) {}

  async send({ key, to, part }: Delivery): Promise<string> {
    const body = this.options.bodies.get(to);
    if (!body || body.forward.method !== 'webhook') throw new PermanentSendError('rejected', `No webhook body "${to}" in the bodies file`);
    const secret = this.options.bodies.secret(body.forward.secretEnv);
    if (!secret) throw new Error(`${body.forward.secretEnv} is not set: cannot send to ${body.id}`);
    const json = JSON.stringify({ id: key, ...readPayload(part.text) });
    const response = await (this.options.fetch ?? fetch)(body.forward.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...signedHeaders(secret, json, this.options.clock()) },
      body: json,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const text = await response.text();
    if ([400, 401, 403, 404, 422].includes(response.status)) throw new PermanentSendError('rejected', `${body.id} answered ${response.status}: ${text.slice(0, 300)}`);
    if (!response.ok) throw new Error(`${body.id} answered ${response.status}`);
    const id = referenceIn(text) ?? key;
    const caseNumber = caseNumberOfForwardKey(key);
    if (caseNumber) await this.options.accepted(caseNumber, id).catch((error: unknown) => this.options.log(`Case ${caseNumber}: forward id not recorded yet`, error));
    return id;
  }
}

function referenceIn(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const id = parsed && typeof parsed === 'object' ? (parsed as { id?: unknown }).id : undefined;
    return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
  } catch {
    return undefined;
  }
}
