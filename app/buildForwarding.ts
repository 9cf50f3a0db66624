import path from 'node:path';
import { i18n } from 'i18next';
import { Connection } from 'mongoose';
import { caseModel } from '../cases/CaseModel';
import { CaseService } from '../cases/CaseService';
import { Config } from '../config/config';
import { Bodies, KnownPlaces } from '../forwarding/Bodies';
import { bodyUpdatesRouter, UPDATE_WINDOW_MS } from '../forwarding/bodyUpdatesRouter';
import { BodyUpdates } from '../forwarding/BodyUpdates';
import { CaseForwarding } from '../forwarding/CaseForwarding';
import { CaseRouter } from '../forwarding/CaseRouter';
import { CrewAlerts } from '../forwarding/CrewAlerts';
import { ForwardingPoller } from '../forwarding/ForwardingPoller';
import { Open311Transport } from '../forwarding/Open311Transport';
import { WebhookTransport } from '../forwarding/WebhookTransport';
import { perAddressLimit, TOO_MANY_REQUESTS } from '../http/perAddressLimit';
import { Outbox } from '../outbox/Outbox';
import { PhotoUrls } from '../photos/photoUrls';
import { StaffPhotoLinks } from '../photos/StaffPhotoLinks';
import { DatabaseLock } from '../storage/DatabaseLock';
import { Logger } from './Logger';
import { PeriodicTasks } from './PeriodicTasks';

export interface ForwardingParts {
  config: Config;
  connection: Connection;
  lock: DatabaseLock;
  cases: CaseService;
  outbox: Outbox;
  i18n: i18n;
  locales: readonly string[];
  places: KnownPlaces;
  photoUrls: PhotoUrls;
  photoLinks: StaffPhotoLinks;
  tasks: PeriodicTasks;
  logger: Logger;
  contentRoot: string;
  clock: () => Date;
}

/** Body updates per minute per client address (a body posts a handful; a flood is refused before its signature is checked). */
const UPDATES_PER_MINUTE = 120;

/**
 * Part of the composition root: cases that belong to other bodies (knowledge/bodies.json) forwarded through the
 * outbox (channels 'open311' and 'webhook') and followed up (polling, POST /api/bodies/:bodyId/updates); the crew
 * lead of the queue a case lands in texted (CREW_CONTACTS).
 */
export function buildForwarding(parts: ForwardingParts) {
  const { config, connection, outbox, logger, clock } = parts;
  const log = (message: string, error?: unknown) => logger.error(message, error);
  const file = config.forwarding.bodiesFile ?? path.join(parts.contentRoot, 'knowledge', 'bodies.json');
  const bodies = Bodies.load(file, config.forwarding.secrets, parts.places);
  bodies.addTo(parts.i18n, parts.locales);
  const missing = bodies.missingSecrets();
  if (missing.length > 0) logger.info(`Bodies file: ${missing.join(', ')} not set: cases for those bodies wait in the outbox until they are`);

  const forwarding = new CaseForwarding(caseModel(connection), parts.lock, clock);
  const accepted = (number: string, externalId: string) => forwarding.recordSent(number, externalId);
  const transportOptions = { bodies, timeoutMs: config.forwarding.timeoutMs, accepted, log };
  outbox.register('open311', new Open311Transport(transportOptions));
  outbox.register('webhook', new WebhookTransport({ ...transportOptions, clock }));

  const crew = new CrewAlerts({
    outbox,
    contacts: config.crewContacts,
    t: parts.i18n.getFixedT(config.defaultLocale),
    photoUrls: parts.photoUrls,
    photoLinks: parts.photoLinks,
  });
  const router = new CaseRouter({ bodies, forwarding, cases: parts.cases, outbox, crew, photoUrls: parts.photoUrls, photoLinks: parts.photoLinks, log });
  parts.cases.whenOpened((record) => router.route(record));

  const updates = new BodyUpdates(forwarding, parts.cases);
  const poller = new ForwardingPoller({ bodies, forwarding, updates, router, outbox, cases: parts.cases, timeoutMs: config.forwarding.timeoutMs, log });
  const rate = perAddressLimit(connection, 'body-ip:', UPDATES_PER_MINUTE, (res) => void res.status(429).json({ error: TOO_MANY_REQUESTS }));
  const inbound = bodyUpdatesRouter({ bodies, updates, connection, clock, limit: rate.limit, log: (message) => logger.info(message) });
  if (config.forwarding.pollMs > 0) parts.tasks.every('forwarded cases', config.forwarding.pollMs, () => poller.runOnce());
  parts.tasks
    .every('body update rate limit sweep', 60_000, () => rate.sweep())
    // A receipt only has to outlive the window in which its signed request would still be accepted.
    .every('body update receipts', 60 * 60_000, () => inbound.deleteReceiptsBefore(new Date(clock().getTime() - 2 * UPDATE_WINDOW_MS)));
  return { bodies, crew, router, poller, routers: [inbound.router] };
}

export type Forwarding = ReturnType<typeof buildForwarding>;
