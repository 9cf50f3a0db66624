import { ActivityTypes, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { ResidentLanguage } from '../bot/ResidentLanguage';
import { turnLanguage } from '../i18n/TurnLanguage';
import { Understanding } from '../understanding/Understanding';
import { Vocabulary } from '../understanding/Vocabulary';
import { countWords, normalise } from '../understanding/text';
import { CHANGED_SUBJECT } from './dialogIds';
import { understandingOf } from '../understanding/turnUnderstanding';
import { AsideAnswers } from './AsideAnswers';
import { chosenId } from './choices';
import { asksToRepeat } from './repeatRequest';
import { sendEmergencyAdvice } from './emergency';
import { chosenLanguage } from './mainMenu';
import { LanguageNames } from './LanguageNames';

/** What every dialog needs to let residents step out of a question and back in. */
export interface InterruptionServices {
  residentLanguage: ResidentLanguage;
  languageNames: LanguageNames;
  aside: AsideAnswers;
  vocabulary: (locale: string) => Vocabulary;
}

/** A short request for a person leaves what the resident was doing; "…and call me when it's fixed" in a description does not. */
const PERSON_REQUEST_MAX_WORDS = 6;

/**
 * Whatever question a dialog is asking, a resident can: be told to call 911 (first, always), hear it again, get
 * help, drop what they are doing, switch language, ask a question or check a status in passing, and ask for a
 * person.
 * The dialog then asks its question again, so nothing typed so far is lost.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  /** False in the dialogs that already are about reaching a person. */
  protected readonly handsOverPersonRequests: boolean = true;

  constructor(
    id: string,
    protected readonly services: InterruptionServices,
  ) {
    super(id);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc)) ?? super.onContinueDialog(innerDc);
  }

  /** True when the message answers the question now asked, so a question mark in it is not a change of subject. */
  protected async isAnswer(_innerDc: DialogContext, _understanding: Understanding): Promise<boolean> {
    return false;
  }

  /** Just before the resident is handed to a person: what this dialog gathered can be put aside. */
  protected async onHandOver(_innerDc: DialogContext): Promise<void> {}

  /** "Never mind": by default the dialog is dropped; a report keeps a way back. */
  protected async onCancel(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.context.sendActivity(turnLanguage(innerDc.context).t('cancel.done'));
    return innerDc.cancelAllDialogs();
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { context } = innerDc;
    if (context.activity.type !== ActivityTypes.Message) return undefined;
    const understanding = understandingOf(context);
    // A line picked from a menu ("Something else") answers the menu; only words the resident wrote can be a 911 call.
    if (understanding.emergency && !chosenId(context.activity)) {
      await sendEmergencyAdvice(context, understanding.emergency);
      return this.askAgain(innerDc);
    }
    if (await this.switchedLanguage(innerDc, understanding)) return this.askAgain(innerDc);
    // Before the model: it hears "repeat that" as "start again", which would drop what is under way.
    if (!chosenId(context.activity) && asksToRepeat(context.activity.text ?? '', this.services.vocabulary(turnLanguage(context).locale))) return this.askAgain(innerDc);
    if (await this.isAnswer(innerDc, understanding)) return undefined;
    const { t } = turnLanguage(context);
    switch (understanding.intent) {
      case 'help':
        await context.sendActivity(t('help.inDialog'));
        return this.askAgain(innerDc);
      case 'cancel':
        return this.onCancel(innerDc);
      case 'talk_to_person':
      case 'request_callback':
        if (!this.handsOverPersonRequests || countWords(context.activity.text ?? '') > PERSON_REQUEST_MAX_WORDS) return undefined;
        // Ends this dialog with the message handed back: the main dialog puts the resident in touch with a person.
        await this.onHandOver(innerDc);
        await innerDc.cancelAllDialogs();
        return { status: DialogTurnStatus.complete, result: CHANGED_SUBJECT };
      case 'ask_question':
        return (await this.services.aside.answerQuestion(context, context.activity.text ?? '')) ? this.askAgain(innerDc) : undefined;
      case 'check_status':
        return (await this.services.aside.answerStatus(context, understanding)) ? this.askAgain(innerDc) : undefined;
      default:
        return undefined;
    }
  }

  /** "français", "English please", or a language picked from the list: the question is asked again in it. */
  private async switchedLanguage(innerDc: DialogContext, understanding: Understanding): Promise<boolean> {
    const { context } = innerDc;
    const picked = chosenLanguage(chosenId(context.activity));
    const named = understanding.intent === 'change_language' ? this.services.languageNames.named(context.activity.text ?? '') : undefined;
    const locale = picked ?? named;
    if (!locale || locale === turnLanguage(context).locale) return false;
    if (!(await this.services.residentLanguage.switchTo(context, locale))) return false;
    await context.sendActivity(turnLanguage(context).t('language.switched'));
    return true;
  }

  /** "yes", "yep", "oui", 👍: the turn's reading, with the language's yes-words for short replies. */
  protected saysYes(context: TurnContext, text: string): boolean {
    return this.answers(context, text, 'affirm', this.services.vocabulary(turnLanguage(context).locale).yes);
  }

  protected saysNo(context: TurnContext, text: string): boolean {
    return this.answers(context, text, 'deny', this.services.vocabulary(turnLanguage(context).locale).no);
  }

  private answers(context: TurnContext, text: string, intent: 'affirm' | 'deny', words: string[]): boolean {
    const plain = normalise(text);
    if (text === (context.activity.text ?? '') && understandingOf(context).intent === intent) return true;
    return countWords(text) <= 3 && words.some((w) => plain === normalise(w) || plain.startsWith(`${normalise(w)} `));
  }

  private async askAgain(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }
}
