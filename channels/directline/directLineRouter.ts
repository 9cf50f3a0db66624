import express, { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { PhotoStore } from '../../photos/PhotoStore';
import { sendPhoto } from '../../photos/sendPhoto';
import { DirectLineService } from './DirectLineService';
import { DirectLineTokens, TokenGrant } from './DirectLineTokens';
import { parseWatermark } from './DirectLineConversations';
import { requestOrigin } from './requestOrigin';
import { readUpload } from './uploads';
import { forClient } from './webActivity';

export const DIRECT_LINE_PATH = '/v3/directline';

export interface DirectLineRouterOptions {
  service: DirectLineService;
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
 * route but token generation needs a token, and a token opens only its own conversation.
 */
export function directLineRouter(options: DirectLineRouterOptions): Router {
  const { service } = options;
  const router = express.Router();
  const json = express.json({ limit: '128kb' });
  const origin = (req: Request) => requestOrigin(req, options.publicBaseUrl, options.trustProxy);
  router.use(DIRECT_LINE_PATH, options.cors);

  /** The page's token endpoint: a new conversation with its token (and the browser's resident key). */
  router.post(`${DIRECT_LINE_PATH}/tokens/generate`, options.ipLimit, json, async (req, res) => {
    const residentKey = typeof req.body?.residentKey === 'string' ? (req.body.residentKey as string) : undefined;
    const started = await service.startConversation(residentKey);
    res.json({
      conversationId: started.conversationId,
      token: started.token,
      expires_in: started.expiresIn,
      userId: started.userId,
      residentKey: started.residentKey,
    });
  });

  router.post(`${DIRECT_LINE_PATH}/tokens/refresh`, options.ipLimit, requireToken(service), async (_req, res) => {
    const grant = res.locals.grant as TokenGrant;
    if (!(await service.conversations.exists(grant.conversationId))) return void res.status(404).json(error('NotFound', 'No such conversation'));
    const renewed = service.tokens.issue(grant);
    res.json({ conversationId: renewed.conversationId, token: renewed.token, expires_in: renewed.expiresIn });
  });

  /** Start: the conversation the token was issued for (Azure does the same with a conversation's token). */
  router.post(`${DIRECT_LINE_PATH}/conversations`, options.ipLimit, requireToken(service), async (req, res) => {
    const grant = res.locals.grant as TokenGrant;
    if (!(await service.conversations.exists(grant.conversationId))) return void res.status(404).json(error('NotFound', 'No such conversation'));
    res.status(201).json(conversationAnswer(origin(req), grant, bearer(req) ?? '', service.tokens.lifetimeSeconds, ''));
  });

  /** Resume (reconnect): a fresh stream URL from the watermark the client has. */
  router.get(`${DIRECT_LINE_PATH}/conversations/:conversationId`, requireToken(service, 'conversationId'), async (req, res) => {
    const grant = res.locals.grant as TokenGrant;
    if (!(await service.conversations.exists(grant.conversationId))) return void res.status(404).json(error('NotFound', 'No such conversation'));
    const watermark = String(parseWatermark(req.query.watermark) || '');
    res.json(conversationAnswer(origin(req), grant, bearer(req) ?? '', service.tokens.lifetimeSeconds, watermark));
  });

  /**
   * Polling. Never a 5xx: the official client stops polling for good after one, without telling the resident.
   * When the database cannot answer, the answer is "nothing new yet" and the client asks again.
   */
  router.get(`${DIRECT_LINE_PATH}/conversations/:conversationId/activities`, requireToken(service, 'conversationId'), async (req, res) => {
    const grant = res.locals.grant as TokenGrant;
    const watermark = parseWatermark(req.query.watermark);
    try {
      const page = await service.conversations.activitiesAfter(grant.conversationId, watermark);
      const photoUrl = clientPhotoUrl(origin(req), grant, service.tokens);
      res.json({ activities: page.activities.map((a) => forClient(a, photoUrl)), watermark: String(page.watermark) });
    } catch (failure) {
      options.log(`Polling conversation ${grant.conversationId} failed; answered "nothing new"`, failure);
      res.json({ activities: [], watermark: String(watermark) });
    }
  });

  router.post(
    `${DIRECT_LINE_PATH}/conversations/:conversationId/activities`,
    options.ipLimit,
    requireToken(service, 'conversationId'),
    options.conversationLimit,
    json,
    async (req, res) => {
      const accepted = await service.accept(res.locals.grant as TokenGrant, req.body, [], req.ip);
      if ('error' in accepted) return void res.status(400).json(error('BadArgument', accepted.error));
      res.json({ id: accepted.id });
    },
  );

  router.post(
    `${DIRECT_LINE_PATH}/conversations/:conversationId/upload`,
    options.ipLimit,
    requireToken(service, 'conversationId'),
    options.conversationLimit,
    async (req, res) => {
      const upload = await readUpload(req, { maxFileBytes: options.maxPhotoBytes, maxFiles: options.maxFilesPerUpload ?? 5 });
      const activity = upload.activity ?? { type: 'message' };
      const accepted = await service.accept(res.locals.grant as TokenGrant, activity, upload.files, req.ip);
      if ('error' in accepted) return void res.status(400).json(error('BadArgument', accepted.error));
      res.json({ id: accepted.id });
    },
  );

  /** A photo the resident sent, for their own conversation only: by its link's photo token, or the conversation's token. */
  router.get(`${DIRECT_LINE_PATH}/conversations/:conversationId/photos/:photoId`, async (req, res) => {
    const photoId = String(req.params.photoId);
    const conversationId = String(req.params.conversationId);
    const linked = service.tokens.conversationOfPhotoToken(typeof req.query.t === 'string' ? req.query.t : undefined, photoId);
    const granted = linked ?? service.tokens.verify(bearer(req))?.conversationId;
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

/**
 * 403 (what the official client reads as "token expired") for a missing, forged or expired token, or one
 * issued for another conversation than the one in the path.
 */
function requireToken(service: DirectLineService, conversationParam?: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const grant = service.tokens.verify(bearer(req));
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
