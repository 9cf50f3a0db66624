import { TurnContext } from 'botbuilder';
import { Understanding } from '../understanding/Understanding';

/**
 * Answers given in passing, without leaving the dialog the resident is in: a question or a status check in the
 * middle of a report is answered, and the report waits where it was.
 */
export interface AsideAnswers {
  /** True when it answered (a knowledge topic matched well enough). */
  answerQuestion(context: TurnContext, text: string): Promise<boolean>;
  /** True when it answered (the message named a case or permit number). */
  answerStatus(context: TurnContext, understanding: Understanding): Promise<boolean>;
}
