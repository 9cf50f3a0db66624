import twilio, { Twilio } from 'twilio';
import type BaseRequestClient from 'twilio/lib/base/RequestClient';

/**
 * Sends every REST call of the real SDK to another origin (TWILIO_API_BASE_URL), so tests and sandboxes
 * receive what production would send to Twilio. Path, query, auth and body are untouched.
 */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
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
}

export function createTwilioClient(credentials: TwilioCredentials): Twilio {
  const httpClient = credentials.apiBaseUrl ? new RedirectingRequestClient(credentials.apiBaseUrl) : undefined;
  return twilio(credentials.accountSid, credentials.authToken, httpClient ? { httpClient } : {});
}
