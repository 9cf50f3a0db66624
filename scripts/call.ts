/**
 * Phones a running CivicLine as Twilio would (signed with TWILIO_AUTH_TOKEN from .env): prints what the caller
 * hears and sends what you type. A line of digits, * or # is keyed in; any other line is said; an empty line is
 * silence. During a transfer to staff, type "answered" or "no answer". "hang up" ends the call.
 *   npx tsx scripts/call.ts
 *   npx tsx scripts/call.ts --from +12895551234
 *   printf '1\npothole\n123 Main Street\nbig hole in the right lane\nyes\n' | npx tsx scripts/call.ts
 */
import path from 'node:path';
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { CallStep, SimulatedCall, localTransport } from './voiceClient';

dotenv.config({ path: path.resolve(__dirname, '..', '.env'), quiet: true });

function show(step: CallStep): void {
  if (step.status !== 200) console.log(`HTTP ${step.status}: ${step.twiml}`);
  for (const words of step.heard) console.log(`  > ${words}`);
  const state = step.state;
  if (state.kind === 'asked') {
    const { numDigits, finishOnKey, input } = state.gather.attributes;
    const how = numDigits ? 'one key' : finishOnKey ? 'keys then #' : 'keys';
    console.log(`  [${input.includes('speech') ? `words or ${how}` : how}; empty line = silence]`);
  } else if (state.kind === 'transferring') {
    console.log(`  [transferring to ${state.dial.children.find((c) => c.name === 'Number')?.text}: type "answered" or "no answer"]`);
  } else {
    console.log('  [call ended]');
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string', default: '+12895551234' } } });
  const port = process.env.PORT || '3978';
  const publicBaseUrl = (process.env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const call = new SimulatedCall({
    publicBaseUrl,
    authToken: process.env.TWILIO_AUTH_TOKEN ?? '',
    from: values.from,
    to: process.env.TWILIO_PHONE_NUMBER ?? '+15555550100',
    transport: localTransport(publicBaseUrl, `http://127.0.0.1:${port}`),
  });
  show(await call.start());
  const input = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  for await (const raw of input) {
    const line = raw.trim();
    const state = call.waiting;
    if (state.kind === 'ended' || line === 'hang up') break;
    if (state.kind === 'transferring') {
      const whisper = await call.transferWhisper();
      console.log(`  (staff at ${whisper.to} heard: ${whisper.heard.join(' ')})`);
      show(await call.transferEnded(/^answer/i.test(line) ? 'completed' : 'no-answer'));
    } else if (line === '') show(await call.silence());
    else if (/^[\d*#]+$/.test(line)) show(await call.press(line));
    else show(await call.say(line));
    if (call.waiting.kind === 'ended') break;
  }
  input.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
