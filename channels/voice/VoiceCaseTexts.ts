import { Activity, ActivityTypes } from 'botbuilder';
import { isValidCaseNumber } from '../../cases/caseNumber';
import { CaseService } from '../../cases/CaseService';
import { Languages } from '../../i18n/Languages';
import { TextReachability } from '../texts/TextReachability';
import { TextSender } from '../texts/TextSender';
import { VOICE_CHANNEL_ID } from './voiceActivity';

/** Every case number said in a turn (8 digits with a valid check digit: a case number, not a phone number). */
const DIGITS = /(?<!\d)\d{8}(?!\d)/g;

/**
 * A case number heard once is easy to lose: a case filed during this call is also texted to the caller, when
 * their number takes texts. Runs after each turn, for the case numbers the turn's replies mention.
 */
export class VoiceCaseTexts {
  constructor(
    private readonly cases: CaseService,
    private readonly sender: TextSender,
    private readonly reachability: TextReachability,
    private readonly languages: Languages,
  ) {}

  /** The sentences to add to the turn ("I've also texted it to you"), in the turn's language. */
  async afterTurn(call: { conversationId: string; from: string; locale: string }, replies: Partial<Activity>[]): Promise<string[]> {
    const said = replies.filter((r) => r.type === ActivityTypes.Message).map((r) => r.text ?? '').join('\n');
    const numbers = [...new Set([...said.matchAll(DIGITS)].map((m) => m[0]).filter(isValidCaseNumber))];
    let texted = false;
    for (const number of numbers) {
      const record = await this.cases.findByNumber(number);
      const reporter = record?.reporters.find((r) => r.channel === VOICE_CHANNEL_ID && r.conversation.conversation?.id === call.conversationId);
      if (!record || !reporter || !(await this.reachability.canText(call.from))) continue;
      const { t } = this.languages.turnLanguage(reporter.locale);
      const text = t('voice.caseText', { number, category: t(`category.${record.category}`), location: record.location.text });
      // The key makes it once per case and caller (several callers may join one case), however many times it is said.
      texted = (await this.sender.send({ key: `case:${number}:filed-by-phone:${call.from}`, to: call.from, text })) === 'queued' || texted;
    }
    return texted ? [this.languages.turnLanguage(call.locale, { speech: true }).t('voice.caseTexted')] : [];
  }
}
