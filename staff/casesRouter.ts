import express, { Request, RequestHandler, Response, Router } from 'express';
import { CallbackModels } from '../callbacks/callbackModels';
import { CaseChangeError } from '../cases/CaseChangeError';
import { CaseModel, CaseRecord } from '../cases/CaseModel';
import { CaseService, StaffChange } from '../cases/CaseService';
import { PhotoUrls } from '../photos/photoUrls';
import { StaffPhotoLinks } from '../photos/StaffPhotoLinks';
import { CaseAccess } from './CaseAccess';
import { CursorError, listCases } from './caseList';
import { assignRequest, caseListRequest, caseRequest, categoryRequest, mergeRequest, noteRequest, splitRequest, statusRequest } from './caseRequests';
import { caseDetail, caseSummary } from './caseViews';
import { checkRequest } from './checkRequest';
import { StaffCaller, requireStaff, staffCaller } from './requireStaff';
import { StaffToken } from './staffTokens';

export interface CasesRouterOptions {
  tokens: readonly StaffToken[];
  access: CaseAccess;
  cases: CaseService;
  caseModel: CaseModel;
  callbacks: Pick<CallbackModels, 'requests'>;
  photoLinks: StaffPhotoLinks;
  photoUrls: PhotoUrls;
  clock: () => Date;
  /** Runs before anything else (a rate limit per client address). */
  limit?: RequestHandler;
  /** Who changed which case, for operators (the case keeps its own audit trail). */
  log?: (message: string) => void;
}

/**
 * The staff case API (JSON, Authorization: Bearer <token>; docs/openapi/staff.json): list and read cases, and work
 * them (status, notes, category, assignee, merge, split). Every change names the staff member in the case's audit
 * trail, may carry the revision they saw (an older one: 409), and goes through CaseService under the case's lock.
 */
export function casesRouter(options: CasesRouterOptions): Router {
  const router = express.Router();
  const json = express.json({ limit: '8kb' });
  const limit = options.limit ?? ((_req, _res, next) => next());
  const agentOrAbove = requireStaff(options.tokens, 'agent');
  const { access } = options;

  const detail = async (record: CaseRecord, caller: StaffCaller) => {
    const callbacks = await options.callbacks.requests.find({ caseNumber: record.number }, { state: 1, phone: 1, requestedAt: 1, attemptsMade: 1 }).lean();
    return caseDetail(record, {
      now: options.clock(),
      maskContacts: !access.seesContacts(caller),
      photoLink: async (url) => {
        const id = options.photoUrls.idOf(url);
        return id ? options.photoLinks.link(id) : null;
      },
      callbacks,
    });
  };

  /** The case for a caller who may work it: answers 404 or 403 itself and returns undefined otherwise. */
  const visibleCase = async (number: string, caller: StaffCaller, res: Response) => {
    const record = await options.cases.findByNumber(number);
    if (!record) return void res.status(404).json({ error: `No case ${number}` });
    if (!access.maySee(caller, record)) return void res.status(403).json({ error: `Case ${number} is in the ${record.queue} queue, which is not one of yours` });
    return record;
  };

  /** A changing caller: named (legacy tokens name nobody), and allowed to work this case. */
  const changer = async (number: string, res: Response, supervisorOnly = false): Promise<{ caller: StaffCaller; by: string } | undefined> => {
    const caller = staffCaller(res);
    if (caller.name === null) return void res.status(403).json({ error: 'Not allowed: this token names nobody (use role:name:token in STAFF_API_TOKENS)' });
    if (supervisorOnly && !access.isSupervising(caller)) return void res.status(403).json({ error: 'This needs the supervisor role or above' });
    if (!(await visibleCase(number, caller, res))) return undefined;
    return { caller, by: caller.name };
  };

  /** Runs a change; CaseService's refusals become 404, 409 or 400 naming the field. */
  const run = async (res: Response, work: () => Promise<unknown>): Promise<void> => {
    try {
      res.json(await work());
    } catch (error) {
      if (!(error instanceof CaseChangeError)) throw error;
      const status = { not_found: 404, conflict: 409, invalid: 400 }[error.kind];
      const field = error.field ? `body.${error.field}` : undefined;
      res.status(status).json({ error: field && error.kind === 'invalid' ? `${field}: ${error.message}` : error.message, ...(field ? { fields: [field] } : {}) });
    }
  };
  const logChange = (who: string, what: string) => options.log?.(`Staff ${who} ${what}`);

  router.get('/api/staff/cases', limit, agentOrAbove, async (req: Request, res: Response) => {
    const input = checkRequest(caseListRequest, req, res);
    if (!input) return;
    const now = options.clock();
    try {
      const page = await listCases(options.caseModel, input.query, access.queuesOf(staffCaller(res)), now);
      res.json({ cases: page.rows.map((row) => caseSummary(row, now)), nextCursor: page.nextCursor });
    } catch (error) {
      if (!(error instanceof CursorError)) throw error;
      res.status(400).json({ error: `query.cursor: ${error.message}`, fields: ['query.cursor'] });
    }
  });

  router.get('/api/staff/cases/:caseNumber', limit, agentOrAbove, async (req: Request, res: Response) => {
    const input = checkRequest(caseRequest, req, res);
    if (!input) return;
    const caller = staffCaller(res);
    const record = await visibleCase(input.params.caseNumber, caller, res);
    if (record) res.json({ case: await detail(record, caller) });
  });

  router.post('/api/staff/cases/:caseNumber/status', limit, agentOrAbove, json, async (req: Request, res: Response) => {
    const input = checkRequest(statusRequest, req, res);
    const who = input && (await changer(input.params.caseNumber, res));
    if (!input || !who) return;
    const { status, note, reason, revision } = input.body;
    await run(res, async () => {
      const record = await options.cases.moveStatus(input.params.caseNumber, { status, note, reason, public: input.body.public }, change(who.by, revision));
      logChange(who.by, `moved case ${record.number} to ${status}${reason ? ` (${reason})` : ''}`);
      return { case: await detail(record, who.caller) };
    });
  });

  router.post('/api/staff/cases/:caseNumber/notes', limit, agentOrAbove, json, async (req: Request, res: Response) => {
    const input = checkRequest(noteRequest, req, res);
    const who = input && (await changer(input.params.caseNumber, res));
    if (!input || !who) return;
    await run(res, async () => {
      const record = await options.cases.addNote(input.params.caseNumber, input.body.text, input.body.public, change(who.by, input.body.revision));
      logChange(who.by, `added ${input.body.public ? 'a public' : 'an internal'} note to case ${record.number}`);
      return { case: await detail(record, who.caller) };
    });
  });

  router.post('/api/staff/cases/:caseNumber/category', limit, agentOrAbove, json, async (req: Request, res: Response) => {
    const input = checkRequest(categoryRequest, req, res);
    const who = input && (await changer(input.params.caseNumber, res));
    if (!input || !who) return;
    await run(res, async () => {
      const record = await options.cases.changeCategory(input.params.caseNumber, input.body.category, change(who.by, input.body.revision));
      logChange(who.by, `moved case ${record.number} to category ${record.category} (queue ${record.queue})`);
      return { case: await detail(record, who.caller) };
    });
  });

  router.post('/api/staff/cases/:caseNumber/assign', limit, agentOrAbove, json, async (req: Request, res: Response) => {
    const input = checkRequest(assignRequest, req, res);
    const who = input && (await changer(input.params.caseNumber, res));
    if (!input || !who) return;
    // An agent may take an unassigned case for themselves; giving it to anyone else, or taking it from someone, is a supervisor's.
    const current = await options.cases.findByNumber(input.params.caseNumber);
    const selfTake = input.body.assignee === who.by && !current?.assignee;
    if (!access.isSupervising(who.caller) && !selfTake) {
      return void res.status(403).json({ error: 'An agent may only take an unassigned case for themselves; reassigning needs the supervisor role' });
    }
    await run(res, async () => {
      const record = await options.cases.assign(input.params.caseNumber, input.body.assignee, change(who.by, input.body.revision));
      logChange(who.by, `assigned case ${record.number} to ${input.body.assignee ?? 'nobody'}`);
      return { case: await detail(record, who.caller) };
    });
  });

  router.post('/api/staff/cases/:caseNumber/merge', limit, agentOrAbove, json, async (req: Request, res: Response) => {
    const input = checkRequest(mergeRequest, req, res);
    const who = input && (await changer(input.params.caseNumber, res, true));
    if (!input || !who) return;
    await run(res, async () => {
      const { merged, into } = await options.cases.merge(input.params.caseNumber, input.body.into, change(who.by, input.body.revision));
      logChange(who.by, `merged case ${merged.number} into ${into.number}`);
      return { merged: await detail(merged, who.caller), into: await detail(into, who.caller) };
    });
  });

  router.post('/api/staff/cases/:caseNumber/split', limit, agentOrAbove, json, async (req: Request, res: Response) => {
    const input = checkRequest(splitRequest, req, res);
    const who = input && (await changer(input.params.caseNumber, res, true));
    if (!input || !who) return;
    await run(res, async () => {
      const { from, created } = await options.cases.split(input.params.caseNumber, input.body.evidenceIndex, change(who.by, input.body.revision));
      logChange(who.by, `split report ${input.body.evidenceIndex} of case ${from.number} out as case ${created.number}`);
      return { from: await detail(from, who.caller), created: await detail(created, who.caller) };
    });
  });
  return router;
}

function change(by: string, revision: number | undefined): StaffChange {
  return revision === undefined ? { by } : { by, revision };
}
