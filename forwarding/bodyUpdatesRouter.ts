import express, { RequestHandler, Router } from 'express';
import { Connection, Model, Schema } from 'mongoose';
import { z } from 'zod';
import { isDuplicateKey } from '../db/duplicateKey';
import { Bodies } from './Bodies';
import { checkBodySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './bodySignature';
import { BodyUpdates } from './BodyUpdates';

/** An update is small: a status and a short note. Anything bigger is refused before it is read. */
export const MAX_UPDATE_BYTES = 8 * 1024;

/** How far a signed timestamp may be from our clock; a captured request replayed later is refused. */
export const UPDATE_WINDOW_MS = 5 * 60_000;

const bodyIdParam = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(64);

/** Only strings of the expected shape: an operator object ({"$ne": null}) or a number in any field is a 400. */
const updateSchema = z
  .object({
    /** The body's id for this update: the same id twice is applied once (a retry, or a replay inside the window). */
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/),
    caseNumber: z.string().regex(/^\d{8}$/),
    status: z.enum(['open', 'closed']),
    notes: z.string().max(1000).optional(),
  })
  .strict();

interface UpdateReceipt {
  _id: string;
  at: Date;
}

export interface BodyUpdatesRouterOptions {
  bodies: Bodies;
  updates: BodyUpdates;
  connection: Connection;
  clock: () => Date;
  /** Runs first (a rate limit per client address). */
  limit: RequestHandler;
  log: (message: string) => void;
}

/**
 * POST /api/bodies/:bodyId/updates: a body that handles a forwarded case tells us what became of it. Signed with
 * that body's own secret (HMAC-SHA256 over timestamp and raw body), fresh (UPDATE_WINDOW_MS), once per update id,
 * and only about cases forwarded to that body.
 */
export function bodyUpdatesRouter(options: BodyUpdatesRouterOptions): { router: Router; deleteReceiptsBefore: (cutoff: Date) => Promise<number> } {
  const receipts: Model<UpdateReceipt> =
    options.connection.models.bodyUpdateReceipts ??
    options.connection.model<UpdateReceipt>('bodyUpdateReceipts', new Schema<UpdateReceipt>({ _id: String, at: Date }, { versionKey: false }), 'bodyUpdateReceipts');
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: MAX_UPDATE_BYTES });
  router.post('/api/bodies/:bodyId/updates', options.limit, raw, async (req, res, next) => {
    try {
      const bodyId = bodyIdParam.safeParse(req.params.bodyId);
      const body = bodyId.success ? options.bodies.get(bodyId.data) : undefined;
      const secret = body?.updates ? options.bodies.secret(body.updates.secretEnv) : undefined;
      // An unknown body and one that sends no updates (or whose secret is unset) look the same from outside.
      if (!body || !secret) return void res.status(404).json({ error: 'No such body' });
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const check = checkBodySignature(secret, req.header(TIMESTAMP_HEADER), req.header(SIGNATURE_HEADER), rawBody, options.clock(), UPDATE_WINDOW_MS);
      if (check !== 'valid') {
        options.log(`Body update refused for ${body.id}: ${check === 'stale' ? 'timestamp outside the window' : 'bad or missing signature'}`);
        return void res.status(401).json({ error: check === 'stale' ? 'Timestamp outside the allowed window' : 'Bad or missing signature' });
      }
      let json: unknown;
      try {
        json = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return void res.status(400).json({ error: 'body: not JSON' });
      }
      const parsed = updateSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return void res.status(400).json({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` });
      }
      const update = parsed.data;
      const receiptId = `${body.id}:${update.id}`;
      if (await receipts.exists({ _id: receiptId })) return void res.status(200).json({ outcome: 'duplicate' });
      // Applying is idempotent (only a new status changes anything), so a crash before the receipt is harmless.
      const outcome = await options.updates.apply(update.caseNumber, body.id, update.status, update.notes);
      if (outcome === 'unknown_case') return void res.status(404).json({ error: 'caseNumber: no case forwarded to this body has that number' });
      await receipts.create({ _id: receiptId, at: options.clock() }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
      options.log(`Body update from ${body.id} on case ${update.caseNumber}: ${update.status} (${outcome})`);
      res.status(200).json({ outcome });
    } catch (error) {
      next(error);
    }
  });
  return { router, deleteReceiptsBefore: async (cutoff) => (await receipts.deleteMany({ at: { $lt: cutoff } })).deletedCount };
}
