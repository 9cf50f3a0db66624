import { Activity } from 'botbuilder';
import { isLoopbackAddress } from '../../http/loopback';

/**
 * Without an app id nothing vouches for a caller's serviceUrl, so the server posts replies only to this machine
 * (the Emulator's own port) or returns them in the response (deliveryMode expectReplies): never to an address a
 * caller chose. With an app id, botbuilder checks the serviceUrl against the caller's signed token.
 */
export function repliesStayLocal(activity: Partial<Activity>): boolean {
  if (activity.deliveryMode === 'expectReplies') return true;
  try {
    const { hostname } = new URL(activity.serviceUrl ?? '');
    return hostname === 'localhost' || isLoopbackAddress(hostname);
  } catch {
    return false;
  }
}
