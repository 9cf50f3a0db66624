import { BotPrompts, PromptKey } from './BotPrompts';
import { Scenario } from './Scenario';

/** What the simulator sends: one text, and the bot's answer. */
export type Send = (text: string) => Promise<string>;

export interface Transcript {
  sent: string[];
  replies: string[];
}

/** A conversation never runs longer than this: a bot that keeps asking has failed the resident. */
const MAX_TEXTS = 8;

/**
 * A resident with a goal and a way of typing, who answers whatever the bot asks: the place when asked where,
 * their words when asked what, a menu line by number or words, their own kind of yes.
 */
export class SimulatedResident {
  private whereAnswers = 0;
  private readonly atReadBack: string[];

  constructor(
    private readonly scenario: Scenario,
    private readonly prompts: BotPrompts,
  ) {
    this.atReadBack = [...(scenario.persona.atReadBack ?? [])];
  }

  async converse(send: Send): Promise<Transcript> {
    const transcript: Transcript = { sent: [], replies: [] };
    let message: string | undefined = this.scenario.opening;
    while (message !== undefined && transcript.sent.length < MAX_TEXTS) {
      transcript.sent.push(message);
      const reply = await send(message);
      transcript.replies.push(reply);
      message = this.answer(reply);
    }
    return transcript;
  }

  /** The next text, or undefined when the bot asked nothing this resident knows how to answer. */
  private answer(reply: string): string | undefined {
    const asked = this.prompts.asked(reply);
    return asked ? this.answerTo(asked, reply) : undefined;
  }

  private answerTo(asked: PromptKey, reply: string): string | undefined {
    const { persona, goal } = this.scenario;
    const yes = persona.yes ?? this.prompts.t('simulator.yes', { defaultValue: 'yes' });
    switch (asked) {
      case 'report.askWhat':
      case 'report.askWhatRetry':
        return persona.what ?? persona.details;
      case 'report.askWhichCategory':
        return this.pickFromMenu(reply, goal.kind === 'report' ? this.prompts.t(`category.${goal.category}`) : undefined);
      case 'report.askLocation':
      case 'report.locationRetry':
        return this.nextWhere();
      case 'report.checkUnknownPlace':
      case 'report.checkHeardPlace':
        // A resident with no other way to say where confirms what the bot heard.
        return goal.kind === 'report' && goal.place.known === false ? yes : (this.nextWhere() ?? yes);
      case 'report.askDescription':
      case 'report.askDescriptionOrPhoto':
        return persona.details ?? 'idk';
      case 'report.confirm':
      case 'report.confirmRetry':
      case 'report.notSentYet':
        return this.atReadBack.shift() ?? yes;
      case 'report.sendOrDrop':
        return yes;
      case 'clarify.ask':
        return this.pickFromMenu(reply, this.prompts.t(goal.kind === 'report' ? 'clarify.report' : 'clarify.question'));
    }
  }

  private nextWhere(): string | undefined {
    const where = this.scenario.persona.where ?? [];
    return where[Math.min(this.whereAnswers++, where.length - 1)];
  }

  /** The numbered line naming what they want, or "something else" (by number, or by its words). */
  private pickFromMenu(reply: string, wanted: string | undefined): string | undefined {
    const lines = [...reply.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => ({ number: m[1], title: m[2].trim() }));
    const line = lines.find((l) => l.title === wanted) ?? lines[lines.length - 1];
    if (!line) return this.scenario.persona.what;
    return this.scenario.persona.menu === 'words' ? line.title.toLowerCase() : line.number;
  }
}
