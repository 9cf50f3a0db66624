import { Activity, TurnContext } from 'botbuilder';
import { ipKeyGenerator } from 'express-rate-limit';

/**
 * The address a web resident's request came from, as the server saw it (Express's `req.ip`, which honours
 * TRUST_PROXY). It rides on the stored activity so a turn run later (or by another process) still has it. The
 * Direct Line server writes it over whatever a client put in that field, and only its adapter reads it.
 */
const FIELD = 'civicLineClientIp';

/** The client's own channel data, with the server's view of its address in place of anything it claimed. */
export function withClientAddress(channelData: unknown, address: string | undefined): Record<string, unknown> {
  const own = typeof channelData === 'object' && channelData !== null && !Array.isArray(channelData) ? { ...(channelData as Record<string, unknown>) } : {};
  delete own[FIELD];
  return address ? { ...own, [FIELD]: address } : own;
}

/** The same channel data without the address: a client is not shown what the server keeps about it. */
export function withoutClientAddress<T extends Partial<Activity>>(activity: T): T {
  const data = activity.channelData as Record<string, unknown> | undefined;
  if (!data || typeof data !== 'object' || !(FIELD in data)) return activity;
  const { [FIELD]: _dropped, ...rest } = data;
  return { ...activity, channelData: rest };
}

const NETWORK = Symbol('ClientNetwork');

/**
 * Set by the web chat adapter on its own turns, from the address its server stamped: an activity from any other
 * entry point (the Bot Framework route included) cannot name an address, whatever its channel id says.
 */
export function setClientNetwork(context: TurnContext, activity: Partial<Activity>): void {
  const value = (activity.channelData as Record<string, unknown> | undefined)?.[FIELD];
  if (typeof value === 'string' && value) context.turnState.set(NETWORK, ipKeyGenerator(value));
}

/**
 * The network of this turn's web resident, for counting: their IPv4 address, or their IPv6 /56 (one subscriber
 * holds a whole IPv6 prefix, so single v6 addresses are free to change). Undefined on other channels.
 */
export function clientNetworkOf(context: TurnContext): string | undefined {
  return context.turnState.get(NETWORK) as string | undefined;
}
