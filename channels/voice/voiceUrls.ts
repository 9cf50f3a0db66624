/** Every voice webhook URL, absolute (the signature covers the public URL Twilio calls), in one place. */
export class VoiceUrls {
  constructor(private readonly publicBaseUrl: string) {}

  private url(path: string, query: Record<string, string>): string {
    return `${this.publicBaseUrl}/twilio/voice${path}?${new URLSearchParams(query).toString()}`;
  }

  /** Where the answer to the question asked at `step` goes. */
  gather(step: string): string {
    return this.url('/gather', { step });
  }

  /** After silence twice at `step`. */
  silence(step: string): string {
    return this.url('/silence', { step });
  }

  /** The main menu, from a question (kept for calls whose TwiML still points here). */
  menu(step: string): string {
    return this.url('/menu', { step });
  }

  /** The answer to "still there?": star for the main menu, anything else for the question again. */
  resume(step: string): string {
    return this.url('/resume', { step });
  }

  /** How a transfer to staff ended. */
  dialStatus(step: string): string {
    return this.url('/dial-status', { step });
  }

  /** What staff hear before a transferred caller is put through (fetched on the staff member's leg). */
  whisper(callSid: string, step: string): string {
    return this.url('/whisper', { call: callSid, step });
  }

  callbackAnswer(attempt: string): string {
    return this.url('/callback/answer', { attempt });
  }

  callbackStatus(attempt: string): string {
    return this.url('/callback/status', { attempt });
  }

  agentWhisper(attempt: string): string {
    return this.url('/callback/agent-whisper', { attempt });
  }

  agentStatus(attempt: string): string {
    return this.url('/callback/agent-status', { attempt });
  }
}
