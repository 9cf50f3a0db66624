import { ComponentDialog, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { ResidentLanguage } from '../bot/ResidentLanguage';
import { turnLanguage } from '../i18n/TurnLanguage';
import { Understander, Understanding } from '../understanding/Understanding';
import { understandingFor } from '../understanding/turnUnderstanding';
import { Vocabulary } from '../understanding/Vocabulary';
import { containsPhrase, countWords, normalise } from '../understanding/text';
import { chosenId, messageWithChoices } from './choices';
import { ClarifyDialog } from './ClarifyDialog';
import { CallbackDialog, CallbackDialogOptions } from './CallbackDialog';
import { CALLBACK_DIALOG, CHANGED_SUBJECT, CLARIFY_DIALOG, FAQ_DIALOG, FollowUp, isFollowUp, MAIN_DIALOG, PERSON_DIALOG, REPORT_DIALOG, STATUS_DIALOG } from './dialogIds';
import { DroppedReport } from './DroppedReport';
import { asksToRepeat } from './repeatRequest';
import { sendEmergencyAdvice } from './emergency';
import { FaqAnswers } from './FaqAnswers';
import { FaqDialog } from './FaqDialog';
import { LanguageNames } from './LanguageNames';
import { PersonDialog } from './PersonDialog';
import { chosenLanguage, languageMenu, mainMenu, mainMenuItem } from './mainMenu';
import { ReportDialog } from './ReportDialog';
import { photosIn } from './ReportDraft';
import { StatusDialog, StatusDialogOptions } from './StatusDialog';

const STEPS = 'mainSteps';

/** A message this long that the bot cannot place is taken for a question it has no answer to. */
const QUESTION_WORDS = 4;

/** Words allowed around a street given alone as a follow-up ("and on Elm?", "im on victoria"). */
const FOLLOW_UP_EXTRA_WORDS = 3;

/** When report and question score this close, the resident is asked which they meant. */
const TOO_CLOSE_TO_CALL = 0.2;

export interface MainDialogDependencies {
  understander: Understander;
  residentLanguage: ResidentLanguage;
  languageNames: LanguageNames;
  faqAnswers: FaqAnswers;
  dropped: DroppedReport;
  vocabulary: (locale: string) => Vocabulary;
}

export interface MainDialogChildren {
  faq: FaqDialog;
  report: ReportDialog;
  status: StatusDialog;
  clarify: ClarifyDialog;
  person: PersonDialog;
  callback: CallbackDialog;
}

/** Set when routing a message kept from before, or to show the menu whatever the message (a caller pressed star). */
export type RouteOptions = Partial<FollowUp> & { menu?: boolean };

/** The root: reads what the resident wants and starts the dialog for it. */
export class MainDialog extends ComponentDialog {
  constructor(
    children: MainDialogChildren,
    private readonly deps: MainDialogDependencies,
  ) {
    super(MAIN_DIALOG);
    for (const child of Object.values(children)) this.addDialog(child);
    this.addDialog(new WaterfallDialog(STEPS, [this.route.bind(this), this.afterRequest.bind(this)]));
    this.initialDialogId = STEPS;
  }

  /** A message that was a new request rather than an answer, or one kept for later, is routed next. */
  private async afterRequest(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === CHANGED_SUBJECT) return step.replaceDialog(STEPS);
    if (isFollowUp(step.result)) return step.replaceDialog(STEPS, step.result);
    return step.endDialog();
  }

  private async route(step: WaterfallStepContext<RouteOptions>): Promise<DialogTurnResult> {
    const { context } = step;
    if (step.options?.menu) return this.welcome(step);
    const kept = step.options?.followUp;
    const text = kept ?? context.activity.text ?? '';
    const { locale } = turnLanguage(context);
    const understanding = await understandingFor(context, text, this.deps.understander, locale);
    if (kept !== undefined && step.options?.as) return this.routeAs(step, step.options.as, text);
    if (kept === undefined) {
      const picked = await this.routeChoice(step, chosenId(context.activity));
      if (picked) return picked;
    }
    if (understanding.emergency && !chosenId(context.activity)) {
      await sendEmergencyAdvice(context, understanding.emergency);
      return step.endDialog();
    }
    const restored = await this.restoreDropped(step, text);
    if (restored) return restored;
    // Nothing is being asked: "say that again" gets what there is to choose from.
    if (asksToRepeat(text, this.deps.vocabulary(locale))) return this.welcome(step);
    if (kept === undefined && photosIn(context.activity.attachments).length > 0 && !this.asksForSomethingElse(understanding)) {
      // A photo, alone or with a caption, is a report of what it shows.
      return step.beginDialog(REPORT_DIALOG, { text });
    }
    if ((await this.isFollowUp(step, text, understanding)) && (await this.deps.faqAnswers.answer(context, text, understanding))) return step.endDialog();
    return this.routeIntent(step, text, understanding);
  }

  private async routeIntent(step: WaterfallStepContext, text: string, understanding: Understanding): Promise<DialogTurnResult> {
    const { context } = step;
    const { t } = turnLanguage(context);
    switch (understanding.intent) {
      case 'report_problem':
      case 'ask_question':
        if (this.tooCloseToCall(understanding)) return step.beginDialog(CLARIFY_DIALOG, { text });
        return this.routeAs(step, understanding.intent === 'report_problem' ? 'report' : 'question', text);
      case 'check_status':
        return step.beginDialog(STATUS_DIALOG, { caseNumber: understanding.caseNumber, permitNumber: understanding.permitNumber });
      case 'talk_to_person':
        return step.beginDialog(PERSON_DIALOG, { text });
      case 'request_callback':
        return step.beginDialog(CALLBACK_DIALOG, { text, introduce: true } satisfies CallbackDialogOptions);
      case 'change_language':
        return this.changeLanguage(step, this.deps.languageNames.named(text));
      case 'cancel':
        // Nothing is in progress at this level; a call-back the resident waits for is the one thing left to cancel.
        return step.beginDialog(CALLBACK_DIALOG, { cancelling: true } satisfies CallbackDialogOptions);
      case 'thanks':
        await context.sendActivity(t('thanks.reply'));
        return step.endDialog();
      case 'affirm':
      case 'deny':
        await context.sendActivity(t('acknowledge.reply'));
        return step.endDialog();
      case 'unknown':
        if (await this.deps.faqAnswers.answer(context, text, understanding)) return step.endDialog();
        // A real question the town has no answer to gets an honest "I don't know" and a person; noise gets the menu.
        if (countWords(text) >= QUESTION_WORDS || text.trim().endsWith('?')) {
          await this.deps.faqAnswers.admitNotKnowing(context);
          return step.endDialog();
        }
        return this.welcome(step, 'help.notUnderstood');
      default:
        return this.welcome(step);
    }
  }

  /** A photo comes with a report, unless its words clearly ask for something else ("status 4821 9375"). */
  private asksForSomethingElse(understanding: Understanding): boolean {
    return ['check_status', 'cancel', 'ask_question'].includes(understanding.intent) && understanding.intentConfidence >= 0.6;
  }

  private async routeAs(step: WaterfallStepContext, as: 'report' | 'question', text: string): Promise<DialogTurnResult> {
    return as === 'report' ? step.beginDialog(REPORT_DIALOG, { text }) : step.beginDialog(FAQ_DIALOG, { question: text });
  }

  /** A report and a question are both plausible and neither clearly ahead: ask rather than guess. */
  private tooCloseToCall(understanding: Understanding): boolean {
    const [first, second] = understanding.intents;
    const pair = [first?.id, second?.id].sort().join();
    return pair === 'ask_question,report_problem' && first.score - second.score < TOO_CLOSE_TO_CALL;
  }

  /** "what about on King St?" right after an answer is about that answer. */
  private async isFollowUp(step: WaterfallStepContext, text: string, understanding: Understanding): Promise<boolean> {
    if (!(await this.deps.faqAnswers.hasRecentAnswer(step.context))) return false;
    const plain = normalise(text);
    const cues = this.deps.vocabulary(turnLanguage(step.context).locale).followUpCues;
    if (cues.some((cue) => plain.startsWith(`${normalise(cue)} `) || containsPhrase(plain, cue) && plain.split(' ').length <= 6)) return true;
    // "125 Main Street" after the collection schedule: that street's day, not a report.
    const place = understanding.place;
    if (place && countWords(text) <= countWords(place.text) + FOLLOW_UP_EXTRA_WORDS && (await this.deps.faqAnswers.answeredStreetFact(step.context))) return true;
    return understanding.intent === 'ask_question' && !understanding.topic;
  }

  /** "wait, send it" soon after dropping a report (or putting it aside) sends it as it was read back. */
  private async restoreDropped(step: WaterfallStepContext, text: string): Promise<DialogTurnResult | undefined> {
    const words = this.deps.vocabulary(turnLanguage(step.context).locale).readBack;
    const plain = normalise(text);
    // Only "send it" and its like: an "ok" or "yep" after "not sent" acknowledges it.
    const asksToSend = [...words.undo, ...words.send].some((p) => containsPhrase(plain, p));
    // Not forgotten on other messages: a report put aside while the resident reached a person waits for them.
    if (!asksToSend) return undefined;
    const draft = await this.deps.dropped.take(step.context);
    return draft ? step.beginDialog(REPORT_DIALOG, { restore: { ...draft, confirmed: true } }) : undefined;
  }

  private async welcome(step: WaterfallStepContext, introKey = 'help.welcome'): Promise<DialogTurnResult> {
    const { t } = turnLanguage(step.context);
    await step.context.sendActivity(messageWithChoices(t(introKey), mainMenu(t)));
    return step.endDialog();
  }

  private async changeLanguage(step: WaterfallStepContext, locale: string | undefined): Promise<DialogTurnResult> {
    if (locale && (await this.deps.residentLanguage.switchTo(step.context, locale))) {
      await step.context.sendActivity(turnLanguage(step.context).t('language.switched'));
      return this.welcome(step);
    }
    const { t } = turnLanguage(step.context);
    await step.context.sendActivity(messageWithChoices(t('language.choose'), languageMenu(this.deps.residentLanguage.languages)));
    return step.endDialog();
  }

  /** A button pressed, or a number or the words of an option typed back: what was offered decides. */
  private async routeChoice(step: WaterfallStepContext, choice: string | undefined): Promise<DialogTurnResult | undefined> {
    const locale = chosenLanguage(choice);
    if (locale) return this.changeLanguage(step, locale);
    const { t } = turnLanguage(step.context);
    switch (mainMenuItem(choice)) {
      case 'report':
        return step.beginDialog(REPORT_DIALOG, { text: '' });
      case 'status':
        return step.beginDialog(STATUS_DIALOG, { fromMenu: true } satisfies StatusDialogOptions);
      case 'question':
        await step.context.sendActivity(t('faq.ask'));
        return step.endDialog();
      case 'callback':
        return step.beginDialog(CALLBACK_DIALOG, { introduce: true } satisfies CallbackDialogOptions);
      case 'person':
        return step.beginDialog(PERSON_DIALOG, {});
      case 'language':
        return this.changeLanguage(step, undefined);
      default:
        return undefined;
    }
  }
}
