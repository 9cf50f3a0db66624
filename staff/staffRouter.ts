import express, { Request, RequestHandler, Response, Router } from 'express';
import { AgentRoster } from '../callbacks/AgentRoster';
import { CallbackQueue } from '../callbacks/CallbackQueue';
import { callbacksForStaff } from './callbacksForStaff';
import { checkRequest } from './checkRequest';
import { requireStaff, staffCaller } from './requireStaff';
import { StaffAuthority } from './StaffAuthority';
import { availabilityRequest } from './staffRequests';
import { StaffToken } from './staffTokens';

export interface StaffRouterOptions {
  tokens: readonly StaffToken[];
  authority: StaffAuthority;
  roster: AgentRoster;
  queue: CallbackQueue;
  /** Staff just became available: look for call-backs to place now rather than at the next interval. */
  onAgentAvailable: () => void;
  /** Runs before anything else (a rate limit per client address). */
  limit?: RequestHandler;
  /** Who changed what, for operators (until the back office keeps an audit trail). */
  log?: (message: string) => void;
}

/**
 * The staff API for call-backs (Authorization: Bearer <token>, role agent or above):
 * POST /api/staff/agents/{agentId}/availability {"available": true|false, "phone": "+1…"}, for oneself (an
 * agent), one's team (a supervisor) or anyone (an admin); and GET /api/staff/callbacks, the queue with each
 * request's attempts, residents' numbers and words shown to those who call them (callbacksForStaff).
 */
export function staffRouter(options: StaffRouterOptions): Router {
  const router = express.Router();
  const json = express.json({ limit: '8kb' });
  const limit = options.limit ?? ((_req, _res, next) => next());
  const agentOrAbove = requireStaff(options.tokens, 'agent');

  router.post('/api/staff/agents/:agentId/availability', limit, agentOrAbove, json, async (req: Request, res: Response) => {
    const input = checkRequest(availabilityRequest, req, res);
    if (!input) return;
    const { agentId } = input.params;
    const { available, phone } = input.body;
    const caller = staffCaller(res);
    if (!options.authority.mayActFor(caller, agentId)) {
      const why = caller.name === null ? 'this token names nobody (use role:name:token in STAFF_API_TOKENS)' : `${caller.name} does not act for ${agentId}`;
      return void res.status(403).json({ error: `Not allowed: ${why}` });
    }
    if (available && !phone && !(await options.roster.find(agentId))?.phone) {
      return void res.status(400).json({ error: 'body.phone: required the first time an agent becomes available', fields: ['body.phone'] });
    }
    const agent = await options.roster.setAvailability(agentId, available, phone);
    options.log?.(`Staff ${caller.name} (${caller.role}) marked agent ${agentId} ${available ? 'available' : 'unavailable'}${phone ? ' with a new phone' : ''}`);
    if (agent.available) options.onAgentAvailable();
    res.json({ agentId: agent._id, available: agent.available, phone: agent.phone, updatedAt: agent.updatedAt });
  });

  router.get('/api/staff/callbacks', limit, agentOrAbove, async (_req: Request, res: Response) => {
    res.json({ callbacks: callbacksForStaff(await options.queue.staffView(), staffCaller(res), options.authority) });
  });
  return router;
}
