import { CivicLine } from '../../app/createCivicLine';

/**
 * Every text queued for a number, sent or not yet. The outbox is filled within the turn, before its answer, so
 * "nothing was texted" is checked here rather than at the Twilio stand-in, which the outbox reaches a moment later.
 */
export async function textsQueuedFor(civicLine: CivicLine, phone: string): Promise<string[]> {
  const { db } = civicLine.database.connection;
  if (!db) throw new Error('The database is not connected');
  const queued = await Promise.all(['outbox', 'outboxFinished'].map((name) => db.collection(name).find({ to: phone }).toArray()));
  return queued.flat().flatMap((message) => (message.parts as { text: string }[]).map((part) => part.text));
}
