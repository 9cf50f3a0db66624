import { randomUUID } from 'node:crypto';
import { Activity, ActivityTypes, InputHints, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogContext, DialogInstance, DialogReason, DialogTurnResult, PromptValidatorContext, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { CaseGrouping, Submission } from '../cases/CaseGrouping';
import { CaseService, NewReport } from '../cases/CaseService';
import { capabilitiesOf } from '../channels/capabilities';
import { turnLanguage } from '../i18n/TurnLanguage';
import { toCaseLocation } from '../understanding/places/caseLocation';
import { Place } from '../understanding/places/Place';
import { PlaceReader, Understander, Understanding } from '../understanding/Understanding';
import { understandingFor, understandingOf } from '../understanding/turnUnderstanding';
import { countWords } from '../understanding/text';
import { Vocabulary } from '../understanding/Vocabulary';
import { ReportCategoryChoice } from './ReportCategoryChoice';
import { chosenId, messageWithChoices } from './choices';
import { REPORT_DIALOG } from './dialogIds';
import { DroppedReport } from './DroppedReport';
import { InterruptibleDialog, InterruptionServices } from './InterruptibleDialog';
import { RenderedPrompt } from './RenderedPrompt';
import { ReadBackReply, readBackReply } from './readBackReply';
import { ReportDraft, descriptionOf, newDraft, photosIn } from './ReportDraft';
import { offerAnswer, offerMessage } from './groupingOffer';
import { ReportWords } from './ReportWords';
import { referredConfirmation } from '../forwarding/forwardedNotice';

const STEPS = 'reportSteps';
const CATEGORY_PROMPT = 'reportCategoryPrompt';
const LOCATION_PROMPT = 'reportLocationPrompt';
const PLACE_CONFIRM_PROMPT = 'reportPlaceConfirmPrompt';
const DESCRIPTION_PROMPT = 'reportDescriptionPrompt';
const READ_BACK_PROMPT = 'reportReadBackPrompt';
const OFFER_PROMPT = 'reportGroupingOfferPrompt';

/** "pothole", "streetlight out": the problem's name, no more. */
const NAME_ONLY_WORDS = 2;

/** The read-back quotes the resident's words, shortened: the crew gets all of them. */
const QUOTE_LENGTH = 100;

export interface ReportDialogOptions {
  /** The message that started the report: whatever it already says is not asked again. Empty: ask everything. */
  text?: string;
  /** A report the resident dropped and then asked to send after all: it is filed as it was read back. */
  restore?: ReportDraft;
}

export interface ReportDialogDependencies {
  drafts: StatePropertyAccessor<ReportDraft>;
  dropped: DroppedReport;
  cases: CaseService;
  /** One problem, one case: an open case of the same problem is offered before the read-back. */
  grouping: CaseGrouping;
  places: PlaceReader;
  understander: Understander;
  vocabulary: (locale: string) => Vocabulary;
}

/** Gathers a problem report (what, where, the resident's words, photos), reads it back, and opens a case. */
export class ReportDialog extends InterruptibleDialog {
  private readonly words: ReportWords;
  private readonly categories: ReportCategoryChoice;

  constructor(
    services: InterruptionServices,
    private readonly deps: ReportDialogDependencies,
  ) {
    super(REPORT_DIALOG, services);
    this.words = new ReportWords(deps.vocabulary);
    this.categories = new ReportCategoryChoice();
    this.addDialog(new RenderedPrompt(CATEGORY_PROMPT, (c, retry) => this.renderCategoryQuestion(c, retry), (p) => this.takeCategory(p)))
      .addDialog(new RenderedPrompt(LOCATION_PROMPT, (c, retry) => this.render(c, retry ? 'report.locationRetry' : 'report.askLocation'), (p) => this.takeLocation(p)))
      .addDialog(new RenderedPrompt(PLACE_CONFIRM_PROMPT, (c) => this.renderPlaceCheck(c), (p) => this.takePlaceCheck(p)))
      .addDialog(new RenderedPrompt(DESCRIPTION_PROMPT, (c) => this.renderDescriptionQuestion(c), (p) => this.takeDescription(p)))
      .addDialog(new RenderedPrompt(READ_BACK_PROMPT, (c) => this.renderReadBack(c), (p) => this.takeReadBackReply(p)))
      .addDialog(new RenderedPrompt(OFFER_PROMPT, (c, retry) => this.renderOffer(c, retry), (p) => this.takeOfferAnswer(p)))
      .addDialog(
        new WaterfallDialog(STEPS, [
          this.startDraft.bind(this),
          this.askCategory.bind(this),
          this.askLocation.bind(this),
          this.checkPlace.bind(this),
          this.askDescription.bind(this),
          this.offerCase.bind(this),
          this.readBack.bind(this),
          this.submit.bind(this),
        ]),
      );
    this.initialDialogId = STEPS;
  }

  /** A report dropped by "start over" leaves no draft behind in conversation state. */
  override async endDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    if (reason === DialogReason.cancelCalled) await this.deps.drafts.delete(context);
    await super.endDialog(context, instance, reason);
  }

  /** Photos may arrive with any message of the report, so they are collected before any prompt runs. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const photos = photosIn(innerDc.context.activity.attachments);
    if (photos.length > 0) (await this.draft(innerDc.context)).photos.push(...photos);
    return super.onContinueDialog(innerDc);
  }

  /** "Never mind" drops the report but keeps it a little while, so "wait, send it" can bring it back. */
  protected override async onCancel(innerDc: DialogContext): Promise<DialogTurnResult> {
    await this.drop(innerDc.context);
    return innerDc.cancelAllDialogs();
  }

  protected override async isAnswer(innerDc: DialogContext, understanding: Understanding): Promise<boolean> {
    const { context } = innerDc;
    const text = context.activity.text ?? '';
    const { locale } = turnLanguage(context);
    switch (innerDc.activeDialog?.id) {
      case OFFER_PROMPT:
        // Yes, no, a button or a key answer "is it the same?"; a question is answered in passing and the offer asked again.
        if (chosenId(context.activity) || /^\s*[12]\s*$/.test(text) || this.saysYes(context, text) || this.saysNo(context, text)) return true;
        break;
      case READ_BACK_PROMPT:
        // The read-back answers questions itself (and keeps the draft); help, a person and "never mind" step out.
        return !['help', 'cancel', 'talk_to_person', 'request_callback'].includes(understanding.intent);
      case LOCATION_PROMPT:
      case PLACE_CONFIRM_PROMPT:
        if (this.deps.places.find(text, locale) || understanding.intent === 'affirm') return true;
        break;
      case CATEGORY_PROMPT:
        if (chosenId(context.activity) || understanding.category) return true;
        break;
      case DESCRIPTION_PROMPT:
        if (!text.trim().endsWith('?')) return !isCommand(understanding);
        break;
    }
    return !isSteppingOut(understanding, text);
  }

  private async startDraft(step: WaterfallStepContext<ReportDialogOptions>): Promise<DialogTurnResult> {
    const { restore, text = '' } = step.options ?? {};
    if (restore) {
      await this.deps.drafts.set(step.context, restore);
      return step.next();
    }
    const draft = newDraft(randomUUID());
    draft.photos.push(...photosIn(step.context.activity.attachments));
    const { locale } = turnLanguage(step.context);
    if (text.trim()) this.learn(step.context, draft, text, await understandingFor(step.context, text, this.deps.understander, locale));
    await this.deps.drafts.set(step.context, draft);
    return step.next();
  }

  /** Takes from one message whatever it says about the report: what, where, how bad, and the words for staff. */
  private learn(context: TurnContext, draft: ReportDraft, text: string, understanding: Understanding): void {
    const { locale } = turnLanguage(context);
    const describes = this.words.describes(text, understanding, locale);
    // "I want to report something" names no problem, however sure the model is that it is "other".
    const category = understanding.category === 'other' && !describes ? null : understanding.category;
    draft.category ??= category ?? undefined;
    if (!draft.category && !draft.offered) draft.offered = this.categories.likely(understanding);
    draft.place ??= understanding.place ?? undefined;
    draft.urgent ||= understanding.urgent;
    if (describes) draft.words.push(text.trim());
  }

  private async askCategory(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    if (draft.category) return step.next();
    return step.prompt(CATEGORY_PROMPT, {});
  }

  private async askLocation(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    if (draft.place || draft.placeToConfirm) return step.next();
    return step.prompt(LOCATION_PROMPT, {});
  }

  private async checkPlace(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    if (!draft.placeToConfirm) return draft.place ? step.next() : step.replaceDialog(STEPS, { restore: draft });
    return step.prompt(PLACE_CONFIRM_PROMPT, {});
  }

  private async askDescription(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    if (!draft.place) return step.replaceDialog(STEPS, { restore: draft });
    if (draft.askedForWords || this.hasEnoughWords(step.context, draft)) return step.next();
    draft.askedForWords = true;
    return step.prompt(DESCRIPTION_PROMPT, {});
  }

  /**
   * The resident's words are enough when they say more than the problem's name, or a photo can show the rest;
   * a caller who said only "pothole" is asked for a few words, since no photo will follow.
   */
  private hasEnoughWords(context: TurnContext, draft: ReportDraft): boolean {
    const words = descriptionOf(draft);
    return words !== undefined && (capabilitiesOf(context).photos || countWords(words) > NAME_ONLY_WORDS);
  }

  private async readBack(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    // A yes to the case offered files the report on it: nothing more to confirm.
    if (draft.confirmed || draft.joinTo) return step.next();
    return step.prompt(READ_BACK_PROMPT, {});
  }

  private async submit(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const draft = await this.draft(context);
    if (step.result === DROP) {
      await this.drop(context);
      return step.endDialog();
    }
    if (!draft.joinTo && draft.grouping?.for !== groupingFor(draft)) {
      // The place changed at the read-back: look again for the same problem there, then file without asking twice.
      return step.replaceDialog(STEPS, { restore: { ...draft, grouping: undefined, confirmed: true } });
    }
    const report = this.reportOf(context, draft);
    const filed = draft.joinTo ? await this.deps.grouping.joinOffered(draft.joinTo, report) : await this.deps.grouping.submit(report, draft.grouping?.seen ?? []);
    await context.sendActivity(this.filedMessage(context, filed));
    await this.deps.drafts.delete(context);
    return step.endDialog();
  }

  private reportOf(context: TurnContext, draft: ReportDraft): NewReport {
    const { t, locale } = turnLanguage(context);
    const { category = 'other', place } = draft;
    if (!place) throw new Error('Report draft without a place at submission');
    const { activity } = context;
    return {
      category,
      location: toCaseLocation(place),
      description: descriptionOf(draft) ?? t(`category.${category}`),
      photos: draft.photos,
      urgent: draft.urgent,
      submissionKey: draft.submissionKey,
      reporter: { channel: activity.channelId, address: activity.from.id, locale, conversation: TurnContext.getConversationReference(activity) },
    };
  }

  private filedMessage(context: TurnContext, filed: Submission): string {
    const { t, date } = turnLanguage(context);
    const { record } = filed;
    const status = t(`status.name.${record.status}`);
    switch (filed.outcome) {
      case 'opened':
        return referredConfirmation(t, record) ?? t('report.submitted', { number: record.number, team: t(`queue.${record.queue}`), expected: date(record.expectedBy) });
      case 'joined':
        return t('grouping.joined', { number: record.number, status });
      case 'joinedJustBefore':
        return t('grouping.joinedJustBefore', { number: record.number, status });
      case 'alreadyReporter':
        return t('grouping.yours', { number: record.number, status });
    }
  }

  // --- one problem, one case ---

  /**
   * Before the read-back: an open case of the same category close by is offered ("is it the same?"), so the
   * resident is not asked to confirm everything first. Their own case is never offered back: they are told it.
   */
  private async offerCase(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const draft = await this.draft(context);
    const { category = 'other', place } = draft;
    if (!place) return step.replaceDialog(STEPS, { restore: draft });
    if (draft.joinTo || draft.grouping?.for === groupingFor(draft)) return step.next();
    const check = await this.deps.grouping.check({ category, location: toCaseLocation(place) }, context.activity.from.id);
    draft.grouping = { for: groupingFor(draft), seen: check.seen };
    if (!check.match) return step.next();
    const { record } = check.match;
    if (check.match.yours) {
      const { t } = turnLanguage(context);
      await context.sendActivity(t('grouping.yours', { number: record.number, status: t(`status.name.${record.status}`) }));
      await this.deps.drafts.delete(context);
      return step.endDialog();
    }
    draft.grouping.offered = { number: record.number, category: record.category, status: record.status, location: record.location };
    return step.prompt(OFFER_PROMPT, {});
  }

  private async renderOffer(context: TurnContext, isRetry: boolean): Promise<Partial<Activity>> {
    const { t, locale } = turnLanguage(context);
    const offered = (await this.draft(context)).grouping?.offered;
    if (!offered) throw new Error('Grouping offer without a case');
    const place = this.deps.places.label({ ...offered.location, known: offered.location.known ?? true }, locale, t);
    return offerMessage(t, capabilitiesOf(context), offered, place, isRetry);
  }

  /** Yes: the report joins that case. No: a new report, read back as usual. Unclear twice: a new report too (it still needs a yes). */
  private async takeOfferAnswer(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { context } = prompt;
    const draft = await this.draft(context);
    const grouping = draft.grouping;
    if (!grouping?.offered) return true;
    const text = (prompt.recognized.value ?? '').trim();
    const answer = offerAnswer(chosenId(context.activity), text, this.saysYes(context, text), this.saysNo(context, text));
    if (answer === 'same') {
      draft.joinTo = grouping.offered.number;
      return true;
    }
    if (answer === 'unclear' && !grouping.askedAgain) {
      grouping.askedAgain = true;
      return false;
    }
    grouping.offered = undefined;
    await context.sendActivity(turnLanguage(context).t('grouping.separate'));
    return true;
  }

  /** Asking for a person mid-report puts the report aside, where "send it" finds it afterwards. */
  protected override async onHandOver(innerDc: DialogContext): Promise<void> {
    const { context } = innerDc;
    const draft = await this.deps.drafts.get(context);
    if (!draft) return;
    await this.deps.dropped.keep(context, draft);
    await context.sendActivity(turnLanguage(context).t('report.putAside'));
  }

  private async drop(context: TurnContext): Promise<void> {
    const draft = await this.deps.drafts.get(context);
    if (draft) await this.deps.dropped.keep(context, draft);
    await this.deps.drafts.delete(context);
    await context.sendActivity(turnLanguage(context).t('report.cancelled'));
  }

  // --- the category ---

  private async renderCategoryQuestion(context: TurnContext, isRetry: boolean): Promise<Partial<Activity>> {
    const { t } = turnLanguage(context);
    const draft = await this.draft(context);
    // "Something else" is no miss: the resident is asked for a few words without an apology.
    if (!draft.offered?.length) return this.render(context, isRetry && draft.misses > 0 ? 'report.askWhatRetry' : 'report.askWhat');
    return messageWithChoices(t('report.askWhichCategory'), this.categories.choices(t, draft.offered));
  }

  /** A line of the menu, the words of one, or a new description; after two misses staff triage it as "other". */
  private async takeCategory(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { context } = prompt;
    const draft = await this.draft(context);
    const text = prompt.recognized.value ?? '';
    const understanding = understandingOf(context);
    const picked = this.categories.picked(chosenId(context.activity));
    if (picked === 'other') {
      // "Something else" after a description: those words are the report; without any, ask for a few.
      draft.offered = [];
      if (draft.words.length) draft.category = 'other';
    } else if (picked) {
      draft.category = picked;
    } else {
      this.learn(context, draft, text, understanding);
      if (!draft.category && ++draft.misses >= 2) draft.category = 'other';
    }
    return draft.category !== undefined;
  }

  // --- the place ---

  private async takeLocation(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { context } = prompt;
    const draft = await this.draft(context);
    const answer = this.deps.places.parseAnswer(prompt.recognized.value ?? '', turnLanguage(context).locale);
    if (answer.kind === 'notAPlace') return false;
    // A place heard over the phone, or one the town's map does not have, is read back before it is kept.
    if (answer.kind === 'unknown' || capabilitiesOf(context).speech) draft.placeToConfirm = answer.place;
    else draft.place = answer.place;
    return true;
  }

  private async renderPlaceCheck(context: TurnContext): Promise<Partial<Activity>> {
    const draft = await this.draft(context);
    const place = this.placeLabel(context, draft.placeToConfirm);
    return this.render(context, draft.placeToConfirm?.known ? 'report.checkHeardPlace' : 'report.checkUnknownPlace', { place });
  }

  private async takePlaceCheck(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { context } = prompt;
    const draft = await this.draft(context);
    const text = prompt.recognized.value ?? '';
    const { locale } = turnLanguage(context);
    const understanding = understandingOf(context);
    if (understanding.intent === 'affirm' || this.words.isYes(text, locale)) {
      draft.place = draft.placeToConfirm;
      draft.placeToConfirm = undefined;
      return true;
    }
    const answer = this.deps.places.parseAnswer(text, locale);
    if (answer.kind === 'notAPlace') {
      // "no": the place is asked for afresh.
      draft.placeToConfirm = undefined;
      return true;
    }
    draft.placeToConfirm = answer.place;
    if (answer.kind === 'place' && !capabilitiesOf(context).speech) {
      draft.place = answer.place;
      draft.placeToConfirm = undefined;
      return true;
    }
    return false;
  }

  // --- the resident's words ---

  private async renderDescriptionQuestion(context: TurnContext): Promise<Partial<Activity>> {
    return this.render(context, capabilitiesOf(context).photos ? 'report.askDescriptionOrPhoto' : 'report.askDescription');
  }

  /** "idk", "ok" or "no" tell staff nothing: the report goes on without them. */
  private async takeDescription(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { context } = prompt;
    const text = (prompt.recognized.value ?? '').trim();
    if (this.words.saysNothing(text, understandingOf(context), turnLanguage(context).locale)) return true;
    (await this.draft(context)).words.push(text);
    return true;
  }

  // --- the read-back ---

  private async renderReadBack(context: TurnContext): Promise<Partial<Activity>> {
    const { t } = turnLanguage(context);
    const draft = await this.draft(context);
    const category = t(`category.${draft.category ?? 'other'}`);
    const words = descriptionOf(draft);
    return {
      type: 'message',
      text: [
        t('report.summary', {
          category,
          location: this.placeLabel(context, draft.place),
          quote: words ? t('report.quote', { words: shorten(words.replace(/\n/g, ' '), QUOTE_LENGTH) }) : '',
          photos: t('report.photoCount', { count: draft.photos.length }),
        }),
        draft.place && !draft.place.known ? t('report.placeNotOnMap') : '',
        t('report.confirm'),
      ]
        .filter(Boolean)
        .join('\n'),
    };
  }

  /** Sends on any yes and on "nothing to add"; drops only on a clear "don't send"; anything else keeps the draft. */
  private async takeReadBackReply(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { context } = prompt;
    const { t, locale } = turnLanguage(context);
    const draft = await this.draft(context);
    const text = (prompt.recognized.value ?? '').trim();
    const understanding = understandingOf(context);
    const photos = photosIn(context.activity.attachments);
    const corrected = this.deps.places.correction(text, draft.place ?? null, locale) ?? this.placeAlone(text, locale);
    const reply: ReadBackReply | 'photo' = photos.length > 0 && text === '' ? 'photo' : readBackReply(text, understanding, this.deps.vocabulary(locale), corrected !== null);
    const notes: string[] = [];
    switch (reply) {
      case 'send':
        return true;
      case 'drop':
        prompt.recognized.value = DROP;
        return true;
      case 'askAgain':
        if (draft.askedToConfirm) {
          prompt.recognized.value = DROP;
          return true;
        }
        draft.askedToConfirm = true;
        await context.sendActivity({ type: ActivityTypes.Message, text: t('report.sendOrDrop'), inputHint: InputHints.ExpectingInput });
        return false;
      case 'question':
        if (!(await this.answerAside(context, text, understanding))) draft.words.push(text);
        notes.push(t('report.notSentYet'));
        break;
      case 'correction':
        draft.place = corrected ?? draft.place;
        notes.push(t('report.locationUpdated', { location: this.placeLabel(context, draft.place) }), t('report.confirmRetry'));
        break;
      case 'details':
        draft.words.push(text);
        notes.push(t('report.detailsAdded'), t('report.confirmRetry'));
        break;
      case 'photo':
        notes.push(t('report.photoAdded', { count: draft.photos.length }), t('report.confirmRetry'));
        break;
    }
    if (photos.length > 0 && reply !== 'photo') notes.unshift(t('report.photoAdded', { count: draft.photos.length }));
    // Still the read-back's question: a phone keeps listening for the answer.
    await context.sendActivity({ type: ActivityTypes.Message, text: notes.join(' '), inputHint: InputHints.ExpectingInput });
    return false;
  }

  /** The place in the resident's language ("45, rue Elm"); the case keeps the town's own text. */
  private placeLabel(context: TurnContext, place: Place | undefined): string {
    const { locale, t } = turnLanguage(context);
    return place ? this.deps.places.label(place, locale, t) : '';
  }

  /** An address or crossing sent on its own at the read-back ("123 Main St" after "Main St") says where it is. */
  private placeAlone(text: string, locale: string): Place | null {
    const answer = this.deps.places.parseAnswer(text, locale);
    if (answer.kind !== 'place' || answer.place.kind === 'landmark') return null;
    // A few words around it at most ("its at 123 main"); a sentence that mentions a place is a detail.
    return countWords(text) <= countWords(answer.place.text) + PLACE_ALONE_EXTRA_WORDS ? answer.place : null;
  }

  private async answerAside(context: TurnContext, text: string, understanding: Understanding): Promise<boolean> {
    const { aside } = this.services;
    if (understanding.intent === 'check_status') return aside.answerStatus(context, understanding);
    return aside.answerQuestion(context, text);
  }

  private async render(context: TurnContext, key: string, params: Record<string, unknown> = {}): Promise<Partial<Activity>> {
    return { type: 'message', text: turnLanguage(context).t(key, params) };
  }

  private async draft(context: TurnContext): Promise<ReportDraft> {
    const draft = await this.deps.drafts.get(context);
    if (!draft) throw new Error('Report draft missing from conversation state');
    return draft;
  }
}

/** The category and place a grouping look was made for. */
function groupingFor(draft: ReportDraft): string {
  const { place } = draft;
  return JSON.stringify([draft.category ?? 'other', place?.kind, place?.text, place?.lat, place?.lng]);
}

/** Words allowed around an address sent alone ("it's at", "c'est au"). */
const PLACE_ALONE_EXTRA_WORDS = 2;

/** The read-back prompt's result when the resident clearly said not to send. */
const DROP = '\u0000drop';

/**
 * Messages that step out of whatever is being asked: a command, a status check naming a number, or a question the
 * knowledge base can answer that is asked as one ("in my front yard" is an answer, however question-like its words).
 */
function isSteppingOut(understanding: Understanding, text: string): boolean {
  if (isCommand(understanding)) return true;
  if (understanding.intent === 'check_status') return Boolean(understanding.caseNumber || understanding.permitNumber);
  const asked = text.trim().endsWith('?') || understanding.intentConfidence >= 0.9;
  return understanding.intent === 'ask_question' && understanding.topic !== null && asked;
}

function isCommand(understanding: Understanding): boolean {
  return ['help', 'cancel', 'talk_to_person', 'request_callback'].includes(understanding.intent) && understanding.intentConfidence >= 0.6;
}

/** The first words of a text, cut at a word boundary. */
function shorten(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length / 2)).trim()}...`;
}
