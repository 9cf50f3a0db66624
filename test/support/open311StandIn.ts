import { once } from 'node:events';
import { Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import express from 'express';

export interface RecordedRequest {
  form: Record<string, string>;
  idempotencyKey: string;
}

export interface RecordedWebhook {
  raw: string;
  headers: Record<string, string | undefined>;
}

/**
 * A local stand-in for another body's Open311 GeoReport v2 endpoint (`POST requests.json`, `GET requests/{id}.json`)
 * and for a body's webhook (`POST /webhook`). Records what CivicLine sends; answers with the statuses a test sets.
 * It does not deduplicate: a request CivicLine sends twice is recorded twice.
 */
export class Open311StandIn {
  readonly requests: RecordedRequest[] = [];
  readonly webhooks: RecordedWebhook[] = [];
  /** Status of each request by service_request_id (default open), with its notes. */
  readonly statuses = new Map<string, { status: 'open' | 'closed'; notes?: string }>();
  /** POSTs answered 503 (and not recorded) before the stand-in accepts again. */
  failures = 0;
  /** Every POST, whatever it was answered. */
  attempts = 0;
  /** Answer POSTs with a token (the id comes later, from GET tokens/{token}.json) instead of an id. */
  answerWithTokens = false;
  /** GET requests/{id}.json asked so far. */
  lookups = 0;
  private readonly sockets = new Set<Socket>();
  private server?: Server;

  constructor(readonly apiKey = 'region-api-key-0123456789') {}

  async start(): Promise<string> {
    const app = express();
    app.post('/v2/requests.json', express.urlencoded({ extended: false }), (req, res) => {
      this.attempts++;
      if (this.failures > 0) {
        this.failures--;
        return void res.status(503).json([{ code: 503, description: 'Service unavailable' }]);
      }
      const form = req.body as Record<string, string>;
      if (form.api_key !== this.apiKey) return void res.status(403).json([{ code: 403, description: 'Invalid api_key' }]);
      this.requests.push({ form, idempotencyKey: req.header('idempotency-key') ?? '' });
      const id = `REG-${1000 + this.requests.length}`;
      this.statuses.set(id, { status: 'open' });
      if (this.answerWithTokens) return void res.status(201).json([{ token: `TOK-${id}` }]);
      res.status(201).json([{ service_request_id: id, service_notice: 'Received by the Region' }]);
    });
    app.get('/v2/tokens/:token.json', (req, res) => {
      const id = req.params.token.replace(/^TOK-/, '');
      if (!this.statuses.has(id)) return void res.status(404).json([{ code: 404, description: 'Not found' }]);
      res.json([{ service_request_id: id, token: req.params.token }]);
    });
    app.get('/v2/requests/:id.json', (req, res) => {
      this.lookups++;
      const known = this.statuses.get(req.params.id);
      if (!known) return void res.status(404).json([{ code: 404, description: 'Not found' }]);
      res.json([{ service_request_id: req.params.id, status: known.status, status_notes: known.notes ?? null, agency_responsible: 'Region of Elmhurst Roads' }]);
    });
    app.post('/webhook', express.text({ type: () => true }), (req, res) => {
      this.attempts++;
      if (this.failures > 0) {
        this.failures--;
        return void res.status(503).send('busy');
      }
      this.webhooks.push({ raw: String(req.body), headers: req.headers as Record<string, string | undefined> });
      res.status(200).json({ id: `MTO-${this.webhooks.length}` });
    });
    this.server = app.listen(0, '127.0.0.1');
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }
}

/** A bodies file whose Region (Open311) and Ministry (webhook) point at the stand-in, as an operator would write it. */
export function bodiesFileFor(baseUrl: string) {
  return {
    bodies: [
      {
        id: 'region-roads',
        name: { en: 'Region of Elmhurst Roads', fr: "Service des routes de la Région d'Elmhurst" },
        phone: '905-555-0160',
        owns: [{ streets: ['Ridgeline Rd'], categories: ['pothole', 'sidewalk', 'snow_ice'] }],
        forward: { method: 'open311', endpoint: `${baseUrl}/v2`, apiKeyEnv: 'BODY_REGION_ROADS_API_KEY', serviceCodes: { pothole: 'RD-POTHOLE', '*': 'RD-GENERAL' } },
        updates: { secretEnv: 'BODY_REGION_ROADS_UPDATES_SECRET' },
      },
      {
        id: 'mto',
        name: { en: 'Ontario Ministry of Transportation', fr: "ministère des Transports de l'Ontario" },
        phone: '905-555-0170',
        owns: [{ streets: ['Simcoe Hwy'] }],
        forward: { method: 'webhook', url: `${baseUrl}/webhook`, secretEnv: 'BODY_MTO_WEBHOOK_SECRET' },
        updates: { secretEnv: 'BODY_MTO_WEBHOOK_SECRET' },
      },
    ],
  };
}
