import { TwilioCredentials } from '../channels/twilioClient';

export interface FetchedMedia {
  bytes: Buffer;
  contentType?: string;
}

export type MediaFetcher = (url: string) => Promise<FetchedMedia>;

const TWILIO_API = 'https://api.twilio.com';

/**
 * Downloads an MMS media file the way Twilio's own SDK authenticates: HTTP Basic with the account SID and auth
 * token (media can be set to require it). Credentials go only to Twilio's API, or to TWILIO_API_BASE_URL when
 * set (the same seam that redirects the SDK), never to another host a URL might name.
 */
export function twilioMediaFetcher(credentials: Omit<TwilioCredentials, 'timeoutMs'>, timeoutMs = 20_000): MediaFetcher {
  const authorization = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
  return async (url) => {
    const source = new URL(url);
    if (source.origin !== TWILIO_API) throw new Error(`Not a Twilio media URL: ${source.origin}`);
    const target = credentials.apiBaseUrl ? new URL(source.pathname + source.search, credentials.apiBaseUrl) : source;
    // Twilio answers with a redirect to short-lived storage; fetch drops the Authorization header across origins.
    const response = await fetch(target, { headers: { Authorization: authorization }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`Twilio media answered ${response.status}`);
    return { bytes: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? undefined };
  };
}
