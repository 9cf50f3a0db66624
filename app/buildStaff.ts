import { Connection } from 'mongoose';
import { Config } from '../config/config';
import { storedSecret } from '../db/storedSecret';
import { staffPhotoRouter } from '../photos/staffPhotoRouter';
import { StaffPhotoLinks, loadOnce } from '../photos/StaffPhotoLinks';
import { StaffAuthority } from '../staff/StaffAuthority';
import { staffRateLimit } from '../staff/staffRateLimit';
import { staffRouter } from '../staff/staffRouter';
import { callbackModels } from '../callbacks/callbackModels';
import { caseModel } from '../cases/CaseModel';
import { CaseService } from '../cases/CaseService';
import { CaseAccess } from '../staff/CaseAccess';
import { casesRouter } from '../staff/casesRouter';
import { Photos } from './buildPhotos';
import { Callbacks } from './buildVoice';
import { Logger } from './Logger';
import { PeriodicTasks } from './PeriodicTasks';

export interface StaffParts {
  config: Config;
  connection: Connection;
  tasks: PeriodicTasks;
  logger: Logger;
  callbacks: Callbacks;
  photos: Photos;
  clock: () => Date;
  /** Staff just became available: look for call-backs to place now. */
  onAgentAvailable: () => void;
  /** The case lifecycle the staff case API drives. */
  cases: CaseService;
}

/**
 * Part of the composition root: the staff entry points (agents' availability, the call-back queue, case photos),
 * who may act for whom, signed photo links, and one rate limit per client address over all of them.
 */
export function buildStaff(parts: StaffParts) {
  const { config, connection, callbacks, photos } = parts;
  const authority = new StaffAuthority(config.staffTeams);
  const rate = staffRateLimit(connection, config.staffRateLimitPerMinute);
  parts.tasks.every('staff rate limit sweep', 60_000, rate.sweep);
  const photoLinks = new StaffPhotoLinks({
    urls: photos.urls,
    secret: loadOnce(() => storedSecret(connection, 'staffPhotoLinks')),
    lifetimeMs: config.staffPhotoLinkMs,
    clock: parts.clock,
  });
  const unnamed = config.staffTokens.filter((t) => t.name === null).length;
  if (unnamed > 0) {
    parts.logger.info(`STAFF_API_TOKENS: ${unnamed} token(s) in the old role:token form name nobody: they may read, never change anything`);
  }
  const routers = [
    staffRouter({
      tokens: config.staffTokens,
      authority,
      roster: callbacks.roster,
      queue: callbacks.queue,
      onAgentAvailable: parts.onAgentAvailable,
      limit: rate.limit,
      log: (message) => parts.logger.info(message),
    }),
    staffPhotoRouter({ staffTokens: config.staffTokens, links: photoLinks, photos: photos.store, copier: photos.mms, fetchMedia: photos.fetchMedia, limit: rate.limit }),
    casesRouter({
      tokens: config.staffTokens,
      access: new CaseAccess(config.staffQueues),
      cases: parts.cases,
      caseModel: caseModel(connection),
      callbacks: callbackModels(connection),
      photoLinks,
      photoUrls: photos.urls,
      clock: parts.clock,
      limit: rate.limit,
      log: (message) => parts.logger.info(message),
    }),
  ];
  return { routers, authority, photoLinks };
}
