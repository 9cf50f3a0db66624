import { TurnContext } from 'botbuilder';

/** A file the channel received but did not keep, and why: the bot explains it in the resident's language. */
export interface RefusedUpload {
  reason: 'notAnImage' | 'tooLarge';
  /** The size limit, for the explanation. */
  limitMb: number;
}

const REFUSED = Symbol('RefusedUploads');

export function setRefusedUploads(context: TurnContext, refused: RefusedUpload[]): void {
  context.turnState.set(REFUSED, refused);
}

export function refusedUploadsOf(context: TurnContext): RefusedUpload[] {
  return (context.turnState.get(REFUSED) as RefusedUpload[] | undefined) ?? [];
}
