import { conversationFor, reportFor } from '../bench/conversations';
import { DirectLineRestClient } from './directLineRest';
import { ERRORS, freshOutcome, ResidentOutcome } from './resident';

export interface WebResidentPlan {
  index: number;
  baseUrl: string;
  /** How long an accepted message may wait for its answer (a restart and the recovery sweep included). */
  answerWaitMs: number;
  deadline: number;
}

/** A client's pauses between attempts at a POST that failed (the server down): Web Chat offers "retry". */
const POST_RETRY_PAUSES_MS = [500, 1000, 2000, 3000, 4000, 5000, 5000];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A resident filing one report in web chat over Direct Line REST (polling, as the official client does without a
 * socket): the same four messages as by text. A POST that fails is sent again (the resident sees it was not sent);
 * a message accepted (answered with its id) must get exactly one answer, however the server or database fail.
 */
export async function runWebResident(plan: WebResidentPlan): Promise<ResidentOutcome> {
  const turns = conversationFor(plan.index);
  const outcome: ResidentOutcome = freshOutcome('', reportFor(plan.index));
  const client = await startConversation(plan);
  if (!client) {
    outcome.unexpected.push('could not start a conversation');
    return outcome;
  }
  outcome.phone = client.userId; // a web resident's reports are filed under their web user id
  for (let step = 0; step < turns.length && Date.now() < plan.deadline; ) {
    const turn = turns[step];
    const id = await postUntilAccepted(client, turn.text, plan.deadline);
    if (!id) {
      outcome.lost++;
      break;
    }
    const reply = await client.awaitAnswer(id, Math.min(Date.now() + plan.answerWaitMs, plan.deadline));
    if (!reply) {
      outcome.dropped++; // accepted and never answered
      continue;
    }
    // One turn's answer shown twice (a recovered turn repeating what was shown before the crash).
    const answers = client.answersTo(id).map((a) => a.text ?? '');
    if (new Set(answers).size < answers.length) {
      outcome.contradicted++;
      outcome.unexpected.push(`turn ${step + 1} "${turn.text}": an answer shown twice`);
      break;
    }
    if (turn.expect.test(reply)) {
      outcome.answeredAt.push(Date.now());
      if (step === turns.length - 1) outcome.caseNumber = /case number is (\d{8})/.exec(reply)?.[1];
      step++;
      await sleep(300 + ((plan.index * 137 + step * 61) % 600));
      continue;
    }
    if (reply === ERRORS.turn || reply === ERRORS.unavailable) {
      outcome.resendsAsked++;
      await sleep(500);
      continue;
    }
    // An error together with a real answer is a contradiction: "please send it again" for a message applied.
    if (reply.includes(ERRORS.turn) || reply.includes(ERRORS.unavailable)) {
      outcome.contradicted++;
      outcome.unexpected.push(`turn ${step + 1} "${turn.text}": ${JSON.stringify(reply.slice(0, 200))}`);
      break;
    }
    if (turns.slice(step + 1).some((later) => later.expect.test(reply))) outcome.appliedTwice++;
    else outcome.unexpected.push(`turn ${step + 1} "${turn.text}": ${JSON.stringify(reply.slice(0, 200))}`);
    break;
  }
  return outcome;
}

async function startConversation(plan: WebResidentPlan): Promise<DirectLineRestClient | undefined> {
  for (const pause of [0, ...POST_RETRY_PAUSES_MS]) {
    await sleep(pause);
    if (Date.now() > plan.deadline) return undefined;
    const client = await DirectLineRestClient.start(plan.baseUrl).catch(() => undefined);
    if (client) return client;
  }
  return undefined;
}

async function postUntilAccepted(client: DirectLineRestClient, text: string, deadline: number): Promise<string | undefined> {
  for (const pause of [0, ...POST_RETRY_PAUSES_MS]) {
    await sleep(pause);
    if (Date.now() > deadline) return undefined;
    const id = await client.post(text);
    if (id) return id;
  }
  return undefined;
}
