import express, { RequestHandler, Response, Router } from 'express';
import { sendPhoto } from './sendPhoto';
import { checkRequest } from '../staff/checkRequest';
import { requireStaff } from '../staff/requireStaff';
import { staffPhotoRequest } from '../staff/staffRequests';
import { StaffToken } from '../staff/staffTokens';
import { MmsPhotoCopier } from './MmsPhotoCopier';
import { PhotoStore } from './PhotoStore';
import { StaffPhotoLinks } from './StaffPhotoLinks';
import { MediaFetcher } from './twilioMedia';

export interface StaffPhotoRouterOptions {
  staffTokens: readonly StaffToken[];
  links: StaffPhotoLinks;
  photos: PhotoStore;
  copier: MmsPhotoCopier;
  fetchMedia: MediaFetcher;
  /** Runs before anything else (a rate limit per client address). */
  limit?: RequestHandler;
}

/**
 * GET /staff/photos/:id: a case's photo, for any staff member (agent and above) with their bearer token, or for
 * whoever holds a signed link that has not expired (StaffPhotoLinks). An MMS photo not yet copied is fetched from
 * Twilio meanwhile, so staff never wait for the copy.
 */
export function staffPhotoRouter(options: StaffPhotoRouterOptions): Router {
  const router = express.Router();
  const bearer = requireStaff(options.staffTokens, 'agent');
  const passThrough: RequestHandler = (_req, _res, next) => next();
  router.get('/staff/photos/:photoId', options.limit ?? passThrough, async (req, res, next) => {
    const input = checkRequest(staffPhotoRequest, req, res);
    if (!input) return;
    const { photoId } = input.params;
    const { expires, sig } = input.query;
    // A bearer token wins when one is presented (a wrong one is refused, whatever link it comes with).
    if (req.header('Authorization') !== undefined || expires === undefined || sig === undefined) {
      return bearer(req, res, () => void sendPhotoById(options, res, photoId).catch(next));
    }
    const link = await options.links.check(photoId, expires, sig);
    if (link !== 'valid') {
      return void res.status(403).json({ error: link === 'expired' ? 'This photo link has expired: ask for a new one' : 'This photo link is not valid' });
    }
    await sendPhotoById(options, res, photoId);
  });
  return router;
}

async function sendPhotoById(options: StaffPhotoRouterOptions, res: Response, id: string): Promise<void> {
  const stored = await options.photos.find(id);
  if (stored) return sendPhoto(res, stored.contentType, await options.photos.read(id));
  const pending = await options.copier.pendingSource(id);
  if (!pending) return void res.status(404).json({ error: 'No such photo' });
  const media = await options.fetchMedia(pending.source);
  sendPhoto(res, /^(image|video)\//.test(media.contentType ?? '') ? (media.contentType as string) : pending.contentType, media.bytes);
}
