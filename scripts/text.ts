/**
 * Texts a running CivicLine as Twilio would (signed with TWILIO_AUTH_TOKEN from .env) and prints the replies.
 *   npx tsx scripts/text.ts "how do I license my dog?"
 *   npx tsx scripts/text.ts --from +12895551234 --photo https://example.org/pothole.jpg "pothole at 5 Elm St"
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { sendSms } from './smsClient';

dotenv.config({ path: path.resolve(__dirname, '..', '.env'), quiet: true });

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string', default: '+12895551234' }, photo: { type: 'string', multiple: true, default: [] } },
  });
  const port = process.env.PORT || '3978';
  const publicBaseUrl = (process.env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const reply = await sendSms(
    {
      webhookUrl: `${publicBaseUrl}/twilio/sms`,
      postUrl: `http://127.0.0.1:${port}/twilio/sms`,
      authToken: process.env.TWILIO_AUTH_TOKEN ?? '',
      from: values.from,
      to: process.env.TWILIO_PHONE_NUMBER ?? '+15555550100',
    },
    positionals.join(' '),
    values.photo.map((url) => ({ url, contentType: 'image/jpeg' })),
  );
  if (reply.status !== 200) console.error(`HTTP ${reply.status}: ${reply.twiml}`);
  console.log(reply.replies.join('\n---\n') || '(no reply)');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
