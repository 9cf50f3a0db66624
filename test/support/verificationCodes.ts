import { FakeTwilioApi } from './fakeTwilioApi';
import { waitFor } from './waitFor';

/** What a verification text must look like: the city's name and the code, nothing else. */
export const CODE_TEXT = /^Town of Elmhurst: your code is (\d{6})\.$/;

/** Codes texted to a number so far, oldest first. */
export function codesTextedTo(twilioApi: FakeTwilioApi, phone: string): string[] {
  return twilioApi.to(phone).flatMap((m) => CODE_TEXT.exec(m.body)?.[1] ?? []);
}

/** Waits for the code number `nth` (1-based) texted to the number, as the resident reads it on their phone. */
export async function codeTextedTo(twilioApi: FakeTwilioApi, phone: string, nth = 1): Promise<string> {
  await waitFor(() => codesTextedTo(twilioApi, phone).length >= nth, `code ${nth} texted to ${phone}`);
  return codesTextedTo(twilioApi, phone)[nth - 1];
}
