import { Delivery, OutboxTransport, PermanentSendError } from '../outbox/OutboxTransport';
import { Bodies } from './Bodies';
import { caseNumberOfForwardKey, readPayload } from './forwardPayload';

/** Open311 GeoReport v2 caps descriptions at 4,000 characters. */
const MAX_DESCRIPTION = 4000;

export interface BodyTransportOptions {
  bodies: Bodies;
  timeoutMs: number;
  /** The body accepted the case under this id: recorded on the case at once (the poller catches up if this fails). */
  accepted: (caseNumber: string, externalId: string) => Promise<void>;
  log: (message: string, error?: unknown) => void;
  fetch?: typeof fetch;
}

/**
 * The outbox's channel 'open311': a case sent to a body's GeoReport v2 endpoint (`POST requests.json`, form-encoded,
 * with its api_key). `to` is the body's id; the body's service_request_id becomes the provider id the outbox keeps.
 */
export class Open311Transport implements OutboxTransport {
  constructor(private readonly options: BodyTransportOptions) {}

  async send({ key, to, part }: Delivery): Promise<string> {
    const body = this.options.bodies.get(to);
    if (!body || body.forward.method !== 'open311') throw new PermanentSendError('rejected', `No Open311 body "${to}" in the bodies file`);
    const { endpoint, apiKeyEnv, serviceCodes, jurisdictionId } = body.forward;
    const apiKey = this.options.bodies.secret(apiKeyEnv);
    // Kept and retried: an operator can still set the variable and restart.
    if (!apiKey) throw new Error(`${apiKeyEnv} is not set: cannot send to ${body.id}`);
    const payload = readPayload(part.text);
    const form = new URLSearchParams({
      api_key: apiKey,
      service_code: serviceCodes[payload.category] ?? serviceCodes['*'] ?? '',
      description: `${payload.description} (Town case ${payload.caseNumber})`.slice(0, MAX_DESCRIPTION),
      ...(jurisdictionId ? { jurisdiction_id: jurisdictionId } : {}),
      ...(payload.lat !== undefined && payload.lng !== undefined ? { lat: String(payload.lat), long: String(payload.lng) } : {}),
      address_string: payload.address,
      ...(payload.photos[0] ? { media_url: payload.photos[0] } : {}),
    });
    const response = await (this.options.fetch ?? fetch)(`${endpoint.replace(/\/+$/, '')}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'idempotency-key': key },
      body: form.toString(),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const text = await response.text();
    // 400 (invalid request), 403 (bad api_key), 404: sending the same again cannot help. 5xx, 429: later.
    if ([400, 403, 404, 422].includes(response.status)) throw new PermanentSendError('rejected', `${body.id} answered ${response.status}: ${text.slice(0, 300)}`);
    if (!response.ok) throw new Error(`${body.id} answered ${response.status}`);
    const id = serviceRequestId(text);
    if (!id) throw new PermanentSendError('rejected', `${body.id} answered without a service_request_id: ${text.slice(0, 300)}`);
    const caseNumber = caseNumberOfForwardKey(key);
    if (caseNumber) await this.options.accepted(caseNumber, id).catch((error: unknown) => this.options.log(`Case ${caseNumber}: forward id not recorded yet`, error));
    return id;
  }
}

/** GeoReport v2 answers a list of one: [{ "service_request_id": "...", "service_notice": "..." }] (or a token). */
function serviceRequestId(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first && typeof first === 'object') {
      const { service_request_id: id, token } = first as { service_request_id?: unknown; token?: unknown };
      if (typeof id === 'string' || typeof id === 'number') return String(id);
      if (typeof token === 'string') return `token:${token}`;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
