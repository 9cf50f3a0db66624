import twilio, { Twilio } from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient';

/**
 * Sends every REST call of the real SDK to another origin (TWILIO_API_BASE_URL), so tests and sandboxes
 * receive what production would send to Twilio. Path, query, auth and body are untouched.
 */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    timeout: number,
  ) {
    super({ timeout });
  }

  override request<TData>(opts: BaseRequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri);
    const target = new URL(original.pathname + original.search, this.baseUrl);
    return super.request<TData>({ ...opts, uri: target.toString() });
  }
}

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  /** Unset in production: calls go to Twilio itself. */
  apiBaseUrl?: string;
  /** The SDK waits 30 s by default; a hung call should fail sooner so the outbox can try again. */
  timeoutMs: number;
}

export function createTwilioClient(credentials: TwilioCredentials): Twilio {
  const { timeoutMs } = credentials;
  const httpClient = credentials.apiBaseUrl
    ? new RedirectingRequestClient(credentials.apiBaseUrl, timeoutMs)
    : new twilio.RequestClient({ timeout: timeoutMs });
  return twilio(credentials.accountSid, credentials.authToken, { httpClient });
}
