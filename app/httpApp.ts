import express, { Express, NextFunction, Request, Response, Router } from 'express';
import { Database } from '../db/Database';
import { TrustProxy } from '../http/trustProxy';
import { requireStaff } from '../staff/requireStaff';
import { StaffToken } from '../staff/staffTokens';
import { Logger } from './Logger';

export interface HttpAppOptions {
  /** TRUST_PROXY: the proxies whose X-Forwarded-* headers name the client (unset: none). */
  trustProxy?: TrustProxy;
  /** Staff tokens: any of them may read /healthz in detail. */
  staffTokens: StaffToken[];
}

/** The HTTP surface: channel routers, /healthz, and one error handler so nothing answers a bare 500. */
export function httpApp(routers: Router[], database: Database, logger: Logger, options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer, the client's address (for rate limits) and scheme come from its X-Forwarded-* headers.
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);

  // Up or down for anyone (load balancers, monitors); outages and restarts only for staff.
  const staffOnly = requireStaff(options.staffTokens, 'agent');
  app.get('/healthz', async (req, res) => {
    const up = await database.isHealthy();
    if (!req.header('Authorization')) {
      res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'unavailable' });
      return;
    }
    staffOnly(req, res, () => {
      res.status(up ? 200 : 503).json(healthDetails(database, up));
    });
  });
  for (const router of routers) app.use(router);

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  // Body-parser errors carry their 4xx status (413 too large, 400 malformed); anything else is ours, and its
  // message stays in the log: it can name internals (queries, addresses, other residents' data).
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    // Failed half-way through an answer: only Express can end it (it closes the connection); the process goes on.
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).type('text/plain').send(status === 413 ? 'Request too large' : 'Bad request');
      return;
    }
    logger.error('Unhandled request error', error);
    res.status(503).type('text/plain').send('Service temporarily unavailable, please retry');
  });
  return app;
}

/** Up or down now, and since when; the last outage and the embedded database's restarts, so a recovery shows too. */
function healthDetails(database: Database, up: boolean) {
  const { downSince, reason, outages, lastOutage, restarts } = database.status.health;
  return {
    status: up ? 'ok' : 'unavailable',
    database: up ? 'up' : 'down',
    ...(downSince ? { downSince: downSince.toISOString(), reason } : {}),
    outages,
    ...(lastOutage
      ? { lastOutage: { from: lastOutage.from.toISOString(), to: lastOutage.to.toISOString(), seconds: (lastOutage.to.getTime() - lastOutage.from.getTime()) / 1000, reason: lastOutage.reason } }
      : {}),
    restarts,
  };
}
