import { randomUUID } from 'node:crypto';
import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogContext, DialogInstance, DialogReason, DialogTurnResult, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { CategoryId } from '../cases/categories';
import { MAX_DESCRIPTION_LENGTH } from '../cases/CaseModel';
import { CaseService } from '../cases/CaseService';
import { turnLanguage } from '../i18n/TurnLanguage';
import { Recognizer } from '../understanding/Recognizer';
import { countWords } from '../understanding/text';
import { CancelAndHelpDialog } from './CancelAndHelpDialog';
import { categoryMenu, groupMenu, renderMenu, subMenu } from './categoryMenu';
import { CHANGED_SUBJECT, FollowUp, REPORT_DIALOG } from './dialogIds';
import { ReportDraft, photosIn } from './ReportDraft';

const STEPS = 'reportSteps';
const CATEGORY_PROMPT = 'reportCategoryPrompt';
const LOCATION_PROMPT = 'reportLocationPrompt';
const DESCRIPTION_PROMPT = 'reportDescriptionPrompt';
const CONFIRM_PROMPT = 'reportConfirmPrompt';

/** "2", "2.", "#2", "option 2": a menu number, perhaps with a word or a sign around it. */
const MENU_NUMBER = /^[#\p{L}\s]{0,12}?(\d{1,2})[.)!]?$/u;

/** Words beyond what and where that make a first message a description on its own. */
const DESCRIPTIVE_WORDS = 4;

export interface ReportDialogOptions {
  /** The message that started the report; whatever it already says is not asked again. */
  text?: string;
}

/** Gathers a problem report (what, where, details, photos), reads it back, and opens a case. */
export class ReportDialog extends CancelAndHelpDialog {
  constructor(
    recognizer: Recognizer,
    private readonly drafts: StatePropertyAccessor<ReportDraft>,
    private readonly cases: CaseService,
  ) {
    super(REPORT_DIALOG, recognizer);
    this.addDialog(new TextPrompt(CATEGORY_PROMPT, (p) => this.validateCategory(p)))
      .addDialog(new TextPrompt(LOCATION_PROMPT, (p) => this.validateLocation(p)))
      .addDialog(new TextPrompt(DESCRIPTION_PROMPT, (p) => this.validateDescription(p)))
      .addDialog(new TextPrompt(CONFIRM_PROMPT, (p) => this.validateConfirmation(p)))
      .addDialog(
        new WaterfallDialog(STEPS, [
          this.startDraft.bind(this),
          this.askCategory.bind(this),
          this.askLocation.bind(this),
          this.askDescription.bind(this),
          this.askConfirmation.bind(this),
          this.submit.bind(this),
        ]),
      );
    this.initialDialogId = STEPS;
  }

  /** A report dropped (never mind, start over) leaves no draft behind in conversation state. */
  override async endDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    if (reason === DialogReason.cancelCalled) await this.drafts.delete(context);
    await super.endDialog(context, instance, reason);
  }

  /** Photos may arrive with any message of the report, so they are collected before any prompt runs. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const photos = photosIn(innerDc.context.activity.attachments);
    if (photos.length > 0) {
      const draft = await this.draft(innerDc.context);
      draft.photos.push(...photos);
    }
    return super.onContinueDialog(innerDc);
  }

  private async startDraft(step: WaterfallStepContext<ReportDialogOptions>): Promise<DialogTurnResult> {
    const text = step.options?.text ?? '';
    const { locale } = turnLanguage(step.context);
    const understood = this.recognizer.recognize(text, locale);
    const { categories, topCategories } = understood;
    const draft: ReportDraft = {
      submissionKey: randomUUID(),
      photos: photosIn(step.context.activity.attachments),
      urgent: understood.urgent,
      // Words that fit several categories equally get a short menu of just those.
      category: topCategories.length === 1 ? topCategories[0] : undefined,
      menu: topCategories.length > 1 ? categoryMenu(topCategories) : undefined,
      location: understood.location ?? undefined,
    };
    // A message that names the problem and says more than what and where already describes it.
    const beyondWhere = understood.location ? text.replace(understood.location.text, ' ') : text;
    if (categories.length > 0 && countWords(beyondWhere) - 1 >= DESCRIPTIVE_WORDS) draft.description = text.trim().slice(0, MAX_DESCRIPTION_LENGTH);
    await this.drafts.set(step.context, draft);
    return step.next();
  }

  private async askCategory(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    if (draft.category) return step.next();
    const { t } = turnLanguage(step.context);
    const intro = draft.menu ? 'report.askWhichCategory' : 'report.askCategory';
    draft.menu ??= groupMenu();
    return step.prompt(CATEGORY_PROMPT, {
      prompt: renderMenu(t, intro, draft.menu),
      retryPrompt: renderMenu(t, 'report.categoryRetry', draft.menu),
    });
  }

  private async askLocation(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    if (!draft.category) return this.changeSubject(step);
    if (draft.location) return step.next();
    const { t } = turnLanguage(step.context);
    return step.prompt(LOCATION_PROMPT, { prompt: t('report.askLocation'), retryPrompt: t('report.locationRetry') });
  }

  private async askDescription(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    if (!draft.location) return this.changeSubject(step);
    if (draft.description) return step.next();
    const { t } = turnLanguage(step.context);
    return step.prompt(DESCRIPTION_PROMPT, { prompt: t('report.askDescription'), retryPrompt: t('report.descriptionRetry') });
  }

  private async askConfirmation(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = turnLanguage(step.context);
    const draft = await this.draft(step.context);
    if (!draft.description) return this.changeSubject(step);
    return step.prompt(CONFIRM_PROMPT, {
      prompt: `${this.summary(step.context, draft)}\n${t('report.confirm')}`,
      retryPrompt: t('report.confirmRetry'),
    });
  }

  private async submit(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, locale, date } = turnLanguage(step.context);
    const draft = await this.draft(step.context);
    if (this.recognizer.isNo(String(step.result), locale)) {
      await step.context.sendActivity(t('report.cancelled'));
      return this.finish(step, draft);
    }
    const { category, location, description } = draft;
    // The steps before only reach here with all three (a skipped answer ends the dialog instead).
    if (!category || !location || !description) throw new Error('Report draft incomplete at submission');
    const { activity } = step.context;
    const opened = await this.cases.open({
      category,
      location,
      description,
      photos: draft.photos,
      urgent: draft.urgent,
      submissionKey: draft.submissionKey,
      reporter: {
        channel: activity.channelId,
        address: activity.from.id,
        locale,
        conversation: TurnContext.getConversationReference(activity),
      },
    });
    await step.context.sendActivity(
      t('report.submitted', {
        number: opened.number,
        team: t(`queue.${opened.queue}`),
        expected: date(opened.expectedBy),
      }),
    );
    return this.finish(step, draft);
  }

  private async finish(step: WaterfallStepContext, draft: ReportDraft): Promise<DialogTurnResult> {
    await this.drafts.delete(step.context);
    return step.endDialog(draft.pendingQuestion ? ({ followUp: draft.pendingQuestion } satisfies FollowUp) : undefined);
  }

  private summary(context: TurnContext, draft: ReportDraft): string {
    const { t } = turnLanguage(context);
    return t('report.summary', {
      category: t(`category.${draft.category ?? 'other'}`),
      location: draft.location?.text ?? '',
      description: draft.description ?? '',
      photos: t('report.photoCount', { count: draft.photos.length }),
    });
  }

  /** A number from the menu shown, or words; a group or unclear words lead to a smaller menu. */
  private async validateCategory(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const draft = await this.draft(prompt.context);
    const { t, locale } = turnLanguage(prompt.context);
    const answer = (prompt.recognized.value ?? '').trim();
    const menu = draft.menu ?? groupMenu();
    let next = { menu, intro: 'report.categoryRetry' };
    const picked = MENU_NUMBER.exec(answer)?.[1];
    if (picked) {
      const choice = menu[Number(picked) - 1];
      if (choice && 'category' in choice) return this.chooseCategory(draft, choice.category);
      if (choice) next = { menu: subMenu(choice.group), intro: 'report.askSubcategory' };
    } else if (this.isNewRequest(answer, locale)) {
      return true;
    } else {
      const top = this.recognizer.topCategoriesOf(answer, locale);
      if (top.length === 1) {
        this.learnFromAnswer(prompt.context, draft, answer);
        return this.chooseCategory(draft, top[0]);
      }
      if (top.length > 1) next = { menu: categoryMenu(top), intro: 'report.askWhichCategory' };
    }
    // The retry prompt lives in dialog state, so the next question shows the menu that now applies.
    draft.menu = next.menu;
    prompt.options.retryPrompt = renderMenu(t, next.intro, next.menu);
    return false;
  }

  /** A prompt left unanswered because the resident asked for something else: hand the message back. */
  private async changeSubject(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.drafts.delete(step.context);
    return step.endDialog(CHANGED_SUBJECT);
  }

  /** A status check or a question is a change of subject, not an answer to what, where or details. */
  private isNewRequest(answer: string, locale: string): boolean {
    const { intent } = this.recognizer.recognize(answer, locale);
    return intent === 'status' || (intent === 'question' && answer.endsWith('?'));
  }

  private chooseCategory(draft: ReportDraft, category: CategoryId): true {
    draft.category = category;
    draft.menu = undefined;
    return true;
  }

  private async validateLocation(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { locale } = turnLanguage(prompt.context);
    const answer = prompt.recognized.value ?? '';
    if (this.isNewRequest(answer, locale)) return true;
    const draft = await this.draft(prompt.context);
    const location = this.recognizer.locationParser(locale).parseAnswer(answer);
    if (!location) return false;
    draft.location = location;
    return true;
  }

  private async validateDescription(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = (prompt.recognized.value ?? '').trim();
    if (this.isNewRequest(text, turnLanguage(prompt.context).locale)) return true;
    if (text.length < 2) {
      // A photo alone is welcome but the crew still needs words.
      if (photosIn(prompt.context.activity.attachments).length > 0) {
        await prompt.context.sendActivity(turnLanguage(prompt.context).t('report.photoThanksNeedWords'));
      }
      return false;
    }
    (await this.draft(prompt.context)).description = text.slice(0, MAX_DESCRIPTION_LENGTH);
    return true;
  }

  /** YES or NO ends the prompt; a photo or more details are added to the draft and the question stays. */
  private async validateConfirmation(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { t, locale } = turnLanguage(prompt.context);
    const text = (prompt.recognized.value ?? '').trim();
    if (this.recognizer.isYes(text, locale) || this.recognizer.isNo(text, locale)) return true;
    const draft = await this.draft(prompt.context);
    const changes: string[] = [];
    if (photosIn(prompt.context.activity.attachments).length > 0) changes.push(t('report.photoAdded', { count: draft.photos.length }));
    if (text.endsWith('?')) {
      // A question is not a detail of the problem; it is answered once the report is settled.
      draft.pendingQuestion = text;
      changes.push(t('report.finishFirst'));
    } else if (countWords(text) >= 3) {
      const location = this.recognizer.locationParser(locale).find(text);
      if (location && location.kind !== 'landmark') {
        draft.location = location;
        changes.push(t('report.locationUpdated', { location: location.text }));
      } else {
        draft.description = `${draft.description ?? ''}\n${text}`.trim().slice(0, MAX_DESCRIPTION_LENGTH);
        changes.push(t('report.detailsAdded'));
      }
    }
    // The prompt's options live in dialog state: a later reprompt (after HELP) then shows the report as it is now.
    prompt.options.prompt = `${this.summary(prompt.context, draft)}\n${t('report.confirm')}`;
    // Said in one message with the question, because a prompt does not repeat itself after the bot has spoken.
    if (changes.length > 0) await prompt.context.sendActivity([...changes, t('report.confirmRetry')].join(' '));
    return false;
  }

  private learnFromAnswer(context: TurnContext, draft: ReportDraft, answer: string): void {
    const understood = this.recognizer.recognize(answer, turnLanguage(context).locale);
    draft.location ??= understood.location ?? undefined;
    draft.urgent ||= understood.urgent;
    if (!draft.description && countWords(answer) > DESCRIPTIVE_WORDS) draft.description = answer.slice(0, MAX_DESCRIPTION_LENGTH);
  }

  private async draft(context: TurnContext): Promise<ReportDraft> {
    const draft = await this.drafts.get(context);
    if (!draft) throw new Error('Report draft missing from conversation state');
    return draft;
  }
}
