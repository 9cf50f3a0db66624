import express, { Router } from 'express';
import { sendPhoto } from './sendPhoto';
import { requireStaff } from '../staff/requireStaff';
import { StaffToken } from '../staff/staffTokens';
import { MmsPhotoCopier } from './MmsPhotoCopier';
import { PhotoStore } from './PhotoStore';
import { MediaFetcher } from './twilioMedia';

export interface StaffPhotoRouterOptions {
  staffTokens: StaffToken[];
  photos: PhotoStore;
  copier: MmsPhotoCopier;
  fetchMedia: MediaFetcher;
}

/**
 * GET /staff/photos/:id: any staff member (agent and above) sees a case's photo by the URL the case keeps. An
 * MMS photo not yet copied is fetched from Twilio meanwhile, so staff never wait for the copy.
 */
export function staffPhotoRouter(options: StaffPhotoRouterOptions): Router {
  const router = express.Router();
  router.get('/staff/photos/:photoId', requireStaff(options.staffTokens, 'agent'), async (req, res) => {
    const id = String(req.params.photoId);
    const stored = await options.photos.find(id);
    if (stored) return sendPhoto(res, stored.contentType, await options.photos.read(id));
    const pending = await options.copier.pendingSource(id);
    if (!pending) return void res.status(404).json({ error: 'No such photo' });
    const media = await options.fetchMedia(pending.source);
    sendPhoto(res, /^(image|video)\//.test(media.contentType ?? '') ? (media.contentType as string) : pending.contentType, media.bytes);
  });
  return router;
}
