import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { turnLanguage } from '../i18n/TurnLanguage';
import { KnowledgeBase, Topic } from '../understanding/KnowledgeBase';
import { Understander, Understanding } from '../understanding/Understanding';
import { understandingFor } from '../understanding/turnUnderstanding';
import { messageWithChoices } from './choices';

/** The last question answered in a conversation, so "what about on King St?" is read in its light. */
export interface LastQuestion {
  text: string;
  topic: string;
  at: string;
}

/** Facts the town keeps per street (its gazetteer): "collectionDay" of "King St" is "mon". */
export interface StreetFacts {
  fact(street: string, fact: string): string | undefined;
}

/** A follow-up refers to the last answer for this long. */
const FOLLOW_UP_WINDOW_MS = 30 * 60 * 1000;

/** Answers residents' questions from the city's knowledge base, in their language, with a link for more. */
export class FaqAnswers {
  constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly understander: Understander,
    private readonly lastQuestion: StatePropertyAccessor<LastQuestion | undefined>,
    private readonly streets: StreetFacts,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Sends the answer and returns true, or returns false (saying nothing) when no topic fits well enough. */
  async answer(context: TurnContext, text: string, understanding: Understanding): Promise<boolean> {
    const { locale } = turnLanguage(context);
    const found = await this.topicFor(context, text, understanding);
    const topic = found && this.knowledge.get(found.topicId, locale);
    if (!found || !topic) return false;
    await context.sendActivity(this.answerText(context, topic, found.understanding));
    await this.lastQuestion.set(context, { text: found.question, topic: topic.id, at: this.clock().toISOString() });
    return true;
  }

  /** The reading of a question, this turn's when it is this turn's message. */
  understand(context: TurnContext, text: string): Promise<Understanding> {
    return understandingFor(context, text, this.understander, turnLanguage(context).locale);
  }

  /** Says plainly that it has no answer, and offers a person rather than a guess. */
  async admitNotKnowing(context: TurnContext): Promise<void> {
    const { t } = turnLanguage(context);
    await context.sendActivity(
      messageWithChoices(t('faq.noAnswer'), [
        { id: 'menu:person', title: t('menu.person') },
        { id: 'menu:callback', title: t('menu.callback') },
      ]),
    );
  }

  /** True when a recent answer exists that this message could follow up on. */
  async hasRecentAnswer(context: TurnContext): Promise<boolean> {
    return (await this.recent(context)) !== undefined;
  }

  private async topicFor(context: TurnContext, text: string, understanding: Understanding) {
    const { locale } = turnLanguage(context);
    const last = await this.recent(context);
    if (understanding.topic && understanding.topic !== last?.topic) return { topicId: understanding.topic, understanding, question: text };
    if (last && this.mayFollowOn(text, understanding)) {
      // "can I fight it?" after a parking-ticket answer: read together with the question it follows.
      const together = await this.understander.understand(`${last.text} ${text}`, { locale });
      const topicId = together.topic ?? (understanding.place ? last.topic : undefined);
      if (topicId) return { topicId, understanding, question: last.text };
    }
    if (understanding.topic) return { topicId: understanding.topic, understanding, question: text };
    const [best] = this.knowledge.search(text, locale, 1);
    return best ? { topicId: best.topic.id, understanding, question: text } : undefined;
  }

  private answerText(context: TurnContext, topic: Topic, understanding: Understanding): string {
    const { t } = turnLanguage(context);
    const street = understanding.place?.street;
    const value = street && topic.streetFact ? this.streets.fact(street, topic.streetFact) : undefined;
    const body = value ? t(`faq.streetFact.${topic.streetFact}`, { street, value: t(`streetFactValue.${value}`, { defaultValue: value }) }) : topic.answer;
    return topic.url ? `${body}\n${t('faq.more', { url: topic.url })}` : body;
  }

  /** A question, or a place ("and on King?"): "lol ok" or a phone number is not asking about the last answer again. */
  private mayFollowOn(text: string, understanding: Understanding): boolean {
    return understanding.intent === 'ask_question' || text.trim().endsWith('?') || understanding.place !== null;
  }

  /** True when the last answer was a street's fact ("garbage day"), so a street alone asks it for that street. */
  async answeredStreetFact(context: TurnContext): Promise<boolean> {
    const last = await this.recent(context);
    return Boolean(last && this.knowledge.get(last.topic, turnLanguage(context).locale)?.streetFact);
  }

  private async recent(context: TurnContext): Promise<LastQuestion | undefined> {
    const last = await this.lastQuestion.get(context);
    return last && this.clock().getTime() - Date.parse(last.at) <= FOLLOW_UP_WINDOW_MS ? last : undefined;
  }
}
