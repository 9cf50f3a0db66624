import express, { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { PhotoStore } from '../../photos/PhotoStore';
import { sendPhoto } from '../../photos/sendPhoto';
import { DirectLineService } from './DirectLineService';
import { DirectLineTokens, TokenGrant, VerifiedGrant } from './DirectLineTokens';
import { parseWatermark } from './DirectLineConversations';
import {
  clientActivity,
  conversationParams,
  forgetBody,
  generateBody,
  noQuery,
  photoParams,
  photoQuery,
  problemOf,
  uploadQuery,
  watermarkQuery,
} from './directLineSchemas';
import { requestOrigin } from './requestOrigin';
import { ResidentKeys } from './ResidentKeys';
import { TokenCheck } from './TokenCheck';
import { forgetPhotos, receiveUpload, UploadRefused } from './uploads';
import { forClient, photoReference } from './webActivity';

export const DIRECT_LINE_PATH = '/v3/directline';

export interface DirectLineRouterOptions {
  service: DirectLineService;
  /** Tokens checked in full: signature, expiry, and not retired (refreshed or forgotten). */
  access: TokenCheck;
  residentKeys: ResidentKeys;
  photos: PhotoStore;
  /** CORS for the pages of other origins the city lists (answers preflights too). */
  cors: RequestHandler;
  /** Per client address: token requests, new conversations, messages, uploads. */
  ipLimit: RequestHandler;
  /** Per conversation (so per token, refreshed or not): messages and uploads. */
  conversationLimit: RequestHandler;
  maxPhotoBytes: number;
  maxFilesPerUpload?: number;
  /** To build the URLs clients open (stream, photos) with the scheme they reached us by. */
  publicBaseUrl: string;
  trustProxy: boolean;
  log: (message: string, error?: unknown) => void;
}

/**
 * Direct Line 3.0, as the official Web Chat client speaks it, served by CivicLine itself (no Azure). Every
 * route but token generation needs a token, and a token opens only its own conversation. Every field a client
 * sends is checked against the route's schema first (directLineSchemas.ts).
 */
export function directLineRouter(options: DirectLineRouterOptions): Router {
  const { service, access } = options;
  const router = express.Router();
  const json = express.json({ limit: '128kb' });
  const origin = (req: Request) => requestOrigin(req, options.publicBaseUrl, options.trustProxy);
  const maxFiles = options.maxFilesPerUpload ?? 5;
  router.use(DIRECT_LINE_PATH, options.cors);

  /** The page's token endpoint: a new conversation with its token (and the browser's resident key). */
  router.post(`${DIRECT_LINE_PATH}/tokens/generate`, options.ipLimit, json, checked({ query: noQuery, body: generateBody }), async (_req, res) => {
    const { residentKey } = res.locals.body as z.infer<typeof generateBody>;
    const started = await service.startConversation(residentKey);
    res.json({
      conversationId: started.conversationId,
      token: started.token,
      expires_in: started.expiresIn,
      userId: started.userId,
      residentKey: started.residentKey,
    });
  });

  /** A new token for the same conversation; the old one keeps working for a short grace, then never again. */
  router.post(`${DIRECT_LINE_PATH}/tokens/refresh`, options.ipLimit, checked({ query: noQuery }), requireToken(access), async (_req, res) => {
    const grant = res.locals.grant as VerifiedGrant;
    if (!(await service.conversations.exists(grant.conversationId))) return void res.status(404).json(error('NotFound', 'No such conversation'));
    const renewed = await access.refresh(grant);
    if (!renewed) return void res.status(403).json(error('TokenRefreshed', 'This token was already refreshed: use the new one'));
    res.json({ conversationId: renewed.conversationId, token: renewed.token, expires_in: renewed.expiresIn });
  });

  /**
   * "Forget me on this device": the browser's resident key stops bringing back this resident (their reports), and
   * the conversation token sent along, if any, stops working at once. The page then starts afresh.
   */
  router.post(`${DIRECT_LINE_PATH}/tokens/forget`, options.ipLimit, json, checked({ query: noQuery, body: forgetBody }), async (_req, res) => {
    const { residentKey } = res.locals.body as z.infer<typeof forgetBody>;
    const userId = await options.residentKeys.forget(residentKey);
    // Every token of that resident ends, not only the one sent along: a copy elsewhere must not outlive "forget me".
    if (userId !== undefined) await access.retireUser(userId);
    res.status(204).end();
  });

  /** Start: the conversation the token was issued for (Azure does the same with a conversation's token). */
  router.post(`${DIRECT_LINE_PATH}/conversations`, options.ipLimit, checked({ query: noQuery }), requireToken(access), async (req, res) => {
    const grant = res.locals.grant as TokenGrant;
    if (!(await service.conversations.exists(grant.conversationId))) return void res.status(404).json(error('NotFound', 'No such conversation'));
    res.status(201).json(conversationAnswer(origin(req), grant, bearer(req) ?? '', service.tokens.lifetimeSeconds, ''));
  });

  /** Resume (reconnect): a fresh stream URL from the watermark the client has. */
  router.get(
    `${DIRECT_LINE_PATH}/conversations/:conversationId`,
    checked({ params: conversationParams, query: watermarkQuery }),
    requireToken(access, 'conversationId'),
    async (req, res) => {
      const grant = res.locals.grant as TokenGrant;
      if (!(await service.conversations.exists(grant.conversationId))) return void res.status(404).json(error('NotFound', 'No such conversation'));
      const watermark = String(parseWatermark(req.query.watermark) || '');
      res.json(conversationAnswer(origin(req), grant, bearer(req) ?? '', service.tokens.lifetimeSeconds, watermark));
    },
  );

  /**
   * Polling. Never a 5xx: the official client stops polling for good after one, without telling the resident.
   * When the database cannot answer, the answer is "nothing new yet" and the client asks again.
   */
  const nothingNew = (req: Request, res: Response) => void res.json({ activities: [], watermark: String(parseWatermark(req.query.watermark)) });
  router.get(
    `${DIRECT_LINE_PATH}/conversations/:conversationId/activities`,
    checked({ params: conversationParams, query: watermarkQuery }),
    requireToken(access, 'conversationId', nothingNew),
    async (req, res) => {
      const grant = res.locals.grant as TokenGrant;
      const watermark = parseWatermark(req.query.watermark);
      try {
        const page = await service.conversations.activitiesAfter(grant.conversationId, watermark);
        const photoUrl = clientPhotoUrl(origin(req), grant, service.tokens);
        res.json({ activities: page.activities.map((a) => forClient(a, photoUrl)), watermark: String(page.watermark) });
      } catch (failure) {
        options.log(`Polling conversation ${grant.conversationId} failed; answered "nothing new"`, failure);
        nothingNew(req, res);
      }
    },
  );

  router.post(
    `${DIRECT_LINE_PATH}/conversations/:conversationId/activities`,
    options.ipLimit,
    checked({ params: conversationParams, query: noQuery }),
    requireToken(access, 'conversationId'),
    options.conversationLimit,
    json,
    checked({ body: clientActivity }),
    async (req, res) => {
      const accepted = await service.accept(res.locals.grant as TokenGrant, res.locals.body, undefined, req.ip);
      if ('error' in accepted) return void res.status(400).json(error('BadArgument', accepted.error));
      res.json({ id: accepted.id });
    },
  );

  /** Photos stream to the store as they arrive; whatever the upload is refused for, none of it stays. */
  router.post(
    `${DIRECT_LINE_PATH}/conversations/:conversationId/upload`,
    options.ipLimit,
    checked({ params: conversationParams, query: uploadQuery }),
    requireToken(access, 'conversationId'),
    options.conversationLimit,
    async (req, res) => {
      const grant = res.locals.grant as TokenGrant;
      let upload;
      try {
        upload = await receiveUpload(req, {
          photos: options.photos,
          owner: { channel: 'webchat', address: grant.userId, conversationId: grant.conversationId },
          limits: { maxFileBytes: options.maxPhotoBytes, maxFiles },
          checkActivity: (raw) => {
            const parsed = clientActivity.safeParse(raw);
            return parsed.success ? undefined : problemOf(parsed.error);
          },
        });
      } catch (failure) {
        if (!(failure instanceof UploadRefused)) throw failure;
        // The rest of the body is not read: close the connection rather than keep it for another request.
        res.set('Connection', 'close');
        return void res.status(failure.status).json(error(failure.status === 413 ? 'TooLarge' : 'BadArgument', failure.message));
      }
      const limitMb = Number((options.maxPhotoBytes / (1024 * 1024)).toPrecision(2));
      const uploaded = {
        attachments: upload.photos.map((p) => ({ contentType: p.contentType, name: p.name, contentUrl: photoReference(p.id) })),
        refused: upload.refused.map((reason) => ({ reason, limitMb })),
      };
      const accepted = await service.accept(grant, clientActivity.parse(upload.activity), uploaded, req.ip).catch(async (failure: unknown) => {
        await forgetPhotos(options.photos, upload.photos);
        throw failure;
      });
      if ('error' in accepted) {
        await forgetPhotos(options.photos, upload.photos);
        return void res.status(400).json(error('BadArgument', accepted.error));
      }
      // An activity that is not kept (typing) keeps no photos either.
      if (!accepted.id) await forgetPhotos(options.photos, upload.photos);
      res.json({ id: accepted.id });
    },
  );

  /** A photo the resident sent, for their own conversation only: by its link's photo token, or the conversation's token. */
  router.get(`${DIRECT_LINE_PATH}/conversations/:conversationId/photos/:photoId`, checked({ params: photoParams, query: photoQuery }), async (req, res) => {
    const { conversationId, photoId } = res.locals.params as z.infer<typeof photoParams>;
    const { t } = res.locals.query as z.infer<typeof photoQuery>;
    const linked = service.tokens.conversationOfPhotoToken(t, photoId);
    const granted = linked ?? (await access.grantOf(bearer(req)))?.conversationId;
    if (granted !== conversationId) return void res.status(403).json(error('Forbidden', 'Invalid or expired token'));
    const photo = await options.photos.find(photoId);
    if (!photo || photo.owner.conversationId !== conversationId) return void res.status(404).json(error('NotFound', 'No such photo'));
    sendPhoto(res, photo.contentType, await options.photos.read(photo.id));
  });

  return router;
}

function conversationAnswer(origin: { scheme: string; host: string }, grant: TokenGrant, token: string, expiresIn: number, watermark: string) {
  const base = `${origin.scheme === 'https' ? 'wss' : 'ws'}://${origin.host}`;
  const query = new URLSearchParams({ t: token, watermark });
  return {
    conversationId: grant.conversationId,
    token,
    expires_in: expiresIn,
    streamUrl: `${base}${DIRECT_LINE_PATH}/conversations/${encodeURIComponent(grant.conversationId)}/stream?${query}`,
  };
}

/** Photo URLs for this client: on this server, in its conversation, each opened by a token for that photo only. */
export function clientPhotoUrl(origin: { scheme: string; host: string }, grant: TokenGrant, tokens: DirectLineTokens) {
  const base = `${origin.scheme}://${origin.host}`;
  return (photoId: string) =>
    `${base}${DIRECT_LINE_PATH}/conversations/${encodeURIComponent(grant.conversationId)}/photos/${encodeURIComponent(photoId)}?t=${encodeURIComponent(tokens.photoToken(grant.conversationId, photoId))}`;
}

/** The conversation token, from the Authorization header only (a token in a URL ends up in logs and links). */
function bearer(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.header('Authorization') ?? '')?.[1];
}

/** 400 with the first problem when a part of the request does not match its schema; the parsed values in res.locals. */
function checked(schemas: { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      // A POST without a body (or with another content type) has none: the same as an empty object.
      const value: unknown = part === 'body' ? (req.body ?? {}) : req[part];
      const parsed = schema.safeParse(value);
      if (!parsed.success) return void res.status(400).json(error('BadArgument', problemOf(parsed.error)));
      res.locals[part] = parsed.data;
    }
    next();
  };
}

/**
 * 403 (what the official client reads as "token expired") for a missing, forged, expired or retired token, or one
 * issued for another conversation than the one in the path. When the database cannot say whether the token was
 * retired, `unavailable` answers (polling must never fail), or the error handler does (503).
 */
function requireToken(access: TokenCheck, conversationParam?: string, unavailable?: (req: Request, res: Response) => void): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    let grant: VerifiedGrant | undefined;
    try {
      grant = await access.grantOf(bearer(req));
    } catch (failure) {
      if (unavailable && access.tokens.verify(bearer(req))) return unavailable(req, res);
      return next(failure);
    }
    const wanted = conversationParam ? req.params[conversationParam] : undefined;
    if (!grant || (wanted !== undefined && wanted !== grant.conversationId)) {
      res.status(403).json(error('TokenInvalid', 'A valid token for this conversation is required'));
      return;
    }
    res.locals.grant = grant;
    next();
  };
}

function error(code: string, message: string) {
  return { error: { code, message } };
}
