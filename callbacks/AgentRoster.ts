import { Agent, CallbackModels } from './callbackModels';

/** Staff who take call-backs: who is available now, and at which phone. Set through the staff API. */
export class AgentRoster {
  constructor(
    private readonly models: CallbackModels,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** An agent keeps their phone number when they go unavailable, so "available" alone can bring them back. */
  async setAvailability(agentId: string, available: boolean, phone?: string): Promise<Agent> {
    const update = { available, updatedAt: this.clock(), ...(phone ? { phone } : {}) };
    const agent = await this.models.agents.findOneAndUpdate({ _id: agentId }, { $set: update }, { upsert: true, new: true }).lean();
    if (!agent) throw new Error(`Agent ${agentId} could not be saved`);
    return agent;
  }

  async find(agentId: string): Promise<Agent | null> {
    return this.models.agents.findById(agentId).lean();
  }

  /** Available agents with a phone, in a stable order. */
  async available(): Promise<Array<Agent & { phone: string }>> {
    const agents: Agent[] = await this.models.agents.find({ available: true }).lean();
    return agents.flatMap((a) => (a.phone ? [{ ...a, phone: a.phone }] : [])).sort((a, b) => (a._id < b._id ? -1 : 1));
  }

  /** An agent who did not pick up a call-back has stepped away: no more calls until they say they are back. */
  async markAway(agentId: string): Promise<void> {
    await this.models.agents.updateOne({ _id: agentId }, { $set: { available: false, updatedAt: this.clock() } });
  }
}
