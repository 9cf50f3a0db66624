import express, { Request, Response, Router } from 'express';
import { AgentRoster } from '../callbacks/AgentRoster';
import { CallbackQueue } from '../callbacks/CallbackQueue';
import { isReachableNumber } from '../channels/phoneNumbers';
import { requireStaff } from './requireStaff';
import { StaffToken } from './staffTokens';

export interface StaffRouterOptions {
  tokens: StaffToken[];
  roster: AgentRoster;
  queue: CallbackQueue;
  /** Staff just became available: look for call-backs to place now rather than at the next interval. */
  onAgentAvailable: () => void;
}

const AGENT_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The staff API for call-backs (Authorization: Bearer <token>, role agent or above):
 * POST /api/staff/agents/{agentId}/availability {"available": true|false, "phone": "+1…"} and
 * GET /api/staff/callbacks (the queue, each request with its attempts).
 */
export function staffRouter(options: StaffRouterOptions): Router {
  const router = express.Router();
  const json = express.json({ limit: '8kb' });

  router.post('/api/staff/agents/:agentId/availability', requireStaff(options.tokens, 'agent'), json, async (req: Request, res: Response) => {
    const agentId = String(req.params.agentId);
    const body = (req.body ?? {}) as { available?: unknown; phone?: unknown };
    if (!AGENT_ID.test(agentId)) return void res.status(400).json({ error: 'agentId: letters, digits, dot, dash or underscore, up to 64' });
    if (typeof body.available !== 'boolean') return void res.status(400).json({ error: 'available must be true or false' });
    if (body.phone !== undefined && (typeof body.phone !== 'string' || !isReachableNumber(body.phone))) {
      return void res.status(400).json({ error: 'phone must be an E.164 number such as +19055550123' });
    }
    const phone = body.phone as string | undefined;
    if (body.available && !phone && !(await options.roster.find(agentId))?.phone) {
      return void res.status(400).json({ error: 'phone is required the first time an agent becomes available' });
    }
    const agent = await options.roster.setAvailability(agentId, body.available, phone);
    if (agent.available) options.onAgentAvailable();
    res.json({ agentId: agent._id, available: agent.available, phone: agent.phone, updatedAt: agent.updatedAt });
  });

  router.get('/api/staff/callbacks', requireStaff(options.tokens, 'agent'), async (_req: Request, res: Response) => {
    res.json({ callbacks: await options.queue.staffView() });
  });
  return router;
}
