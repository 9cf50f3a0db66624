import { Connection } from 'mongoose';
import { Config } from '../config/config';
import { GridFsPhotoStore } from '../photos/GridFsPhotoStore';
import { MmsPhotoCopier } from '../photos/MmsPhotoCopier';
import { PhotoUrls } from '../photos/photoUrls';
import { twilioMediaFetcher } from '../photos/twilioMedia';
import { Logger } from './Logger';
import { PeriodicTasks } from './PeriodicTasks';

export interface PhotoParts {
  config: Config;
  connection: Connection;
  tasks: PeriodicTasks;
  logger: Logger;
  /** How often due MMS photo copies are looked for, and the first retry's delay. */
  copyIntervalMs: number;
  copyRetryMs?: number;
}

/** Part of the composition root: residents' photos in CivicLine's own store, MMS photos copied from Twilio. */
export function buildPhotos(parts: PhotoParts) {
  const { config, connection, tasks, logger } = parts;
  const urls = new PhotoUrls(config.publicBaseUrl);
  const store = new GridFsPhotoStore(connection);
  const fetchMedia = twilioMediaFetcher(config.twilio);
  const mms = new MmsPhotoCopier(connection, store, urls, fetchMedia, {
    retryBaseMs: parts.copyRetryMs,
    log: (message, error) => logger.error(message, error),
  });
  tasks.every('photo copies', parts.copyIntervalMs, () => mms.copyDue());
  /** Copies right after a webhook answered, instead of at the next round. */
  const copySoon = () => tasks.runNow('photo copies');
  return { urls, store, fetchMedia, mms, copySoon };
}

export type Photos = ReturnType<typeof buildPhotos>;
