import { randomUUID } from 'node:crypto';
import { DialogContext, DialogTurnResult, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { CallbackWindow } from '../callbacks/callbackModels';
import { CallbackQueue } from '../callbacks/CallbackQueue';
import { CallbackTexts } from '../callbacks/CallbackTexts';
import { callbackWindows } from '../callbacks/callbackWindows';
import { phoneLabel, whenLabel, windowLabel } from '../callbacks/callbackWording';
import { CaseService } from '../cases/CaseService';
import { NumberVerifications } from '../callbacks/NumberVerifications';
import { capabilitiesOf } from '../channels/capabilities';
import { isReachableNumber, parsePhoneNumber } from '../channels/phoneNumbers';
import { OpeningHours } from '../hours/OpeningHours';
import { TurnLanguage, turnLanguage } from '../i18n/TurnLanguage';
import { countWords } from '../understanding/text';
import { Understanding } from '../understanding/Understanding';
import { InterruptionServices } from './InterruptibleDialog';
import { ReachPersonDialog } from './ReachPersonDialog';
import { CANCEL_PROMPT, CANCEL_STEPS, CallbackCancelSteps, CancelStepsOptions } from './CallbackCancelSteps';
import { CallbackLimits } from './CallbackLimits';
import { CallbackVerifySteps, VERIFY_STEPS, VerifyStepsOptions, verificationOwner } from './CallbackVerifySteps';
import { whenInWords } from './callbackWhenWords';
import { Choice, chosenId, messageWithChoices } from './choices';
import { CALLBACK_DIALOG } from './dialogIds';
import { MAX_TOPIC_LENGTH, PersonRequest, personRequestFrom } from './personRequest';

const STEPS = 'callbackSteps';
const WHEN_PROMPT = 'callbackWhenPrompt';
const TOPIC_PROMPT = 'callbackTopicPrompt';
const SAME_NUMBER_PROMPT = 'callbackSameNumberPrompt';
const NUMBER_PROMPT = 'callbackNumberPrompt';
const ASAP = 'callbackWhen:asap';
const WINDOW = 'callbackWhen:';
const THIS_NUMBER = 'callbackNumber:this';
const OTHER_NUMBER = 'callbackNumber:other';
/** The number is the resident's own line, or they typed the code texted to it. */
const PROVED = true;
/** A caller's other number: it may be called (a person speaks first), not texted. */
const CALL_ONLY = 'callbackNumber:callOnly';
/** After this many unclear answers to "when?", the soonest call is the sensible choice. */
const WHEN_TRIES = 2;

export interface CallbackDialogOptions extends PersonRequest {
  /** The message that asked ("can someone call me back about my water bill"). */
  text?: string;
  /** Asked for directly (not after "talk to a person"): the city's number and hours come first. */
  introduce?: boolean;
  /** The resident said "cancel": offer to cancel the call-back they are waiting for, if any. */
  cancelling?: boolean;
}

export interface CallbackDialogDeps {
  queue: CallbackQueue;
  texts: CallbackTexts;
  cases: CaseService;
  hours: OpeningHours;
  /** Numbers residents proved by a texted code. */
  verifications: NumberVerifications;
  /** Codes and requests per number, resident, conversation and web address. */
  limits: CallbackLimits;
  clock?: () => Date;
}

/** What the dialog gathers, in its own state (so a restart mid-dialog loses nothing). */
interface Gathered {
  requestId: string;
  request: PersonRequest;
  /** ISO times: dialog state is stored as JSON. */
  windows: Array<{ from: string; to: string }>;
  window?: { from: string; to: string };
  /** The number to call, once given. */
  phone?: string;
}

/**
 * A call-back request, on any channel: as soon as possible or in a window within opening hours, to the number the
 * resident confirms. The request joins the one queue (first come, first called); the resident hears or reads
 * their place, when to expect the call, and gets a confirming text where the number takes texts.
 */
export class CallbackDialog extends ReachPersonDialog {
  private readonly clock: () => Date;


  constructor(
    services: InterruptionServices,
    private readonly deps: CallbackDialogDeps,
  ) {
    super(CALLBACK_DIALOG, services);
    this.clock = deps.clock ?? (() => new Date());
    const cancelSteps = new CallbackCancelSteps(deps.queue, { saysYes: (c, text) => this.saysYes(c, text), saysNo: (c, text) => this.saysNo(c, text) }, this.clock);
    for (const dialog of cancelSteps.dialogs()) this.addDialog(dialog);
    const verifySteps = new CallbackVerifySteps({ verifications: deps.verifications, limits: deps.limits, texts: deps.texts, vocabulary: services.vocabulary });
    for (const dialog of verifySteps.dialogs()) this.addDialog(dialog);
    this.addDialog(new TextPrompt(WHEN_PROMPT, (p) => this.validateWhen(p)))
      .addDialog(new TextPrompt(TOPIC_PROMPT, (p) => this.validateTopic(p)))
      .addDialog(new TextPrompt(SAME_NUMBER_PROMPT, (p) => this.validateSameNumber(p)))
      .addDialog(new TextPrompt(NUMBER_PROMPT, async (p) => parsePhoneNumber(p.recognized.value ?? '') !== undefined))
      .addDialog(
        new WaterfallDialog(STEPS, [
          this.askWhen.bind(this),
          this.askTopic.bind(this),
          this.askSameNumber.bind(this),
          this.askNumber.bind(this),
          this.proveNumber.bind(this),
          this.addToQueue.bind(this),
        ]),
      );
    this.initialDialogId = STEPS;
  }

  private async askWhen(step: WaterfallStepContext<CallbackDialogOptions>): Promise<DialogTurnResult> {
    const language = turnLanguage(step.context);
    const { t } = language;
    const options = step.options ?? {};
    // Where nothing vouches for the resident, the city never calls or texts a number for them.
    if (!capabilitiesOf(step.context).phoneContact) {
      const open = this.deps.hours.isOpen(this.clock());
      const hours = this.deps.hours.describe(language.formats, t);
      await step.context.sendActivity(`${t('callback.notHere')} ${t(open ? 'person.contactOpen' : 'person.contactClosed', { hours })}`);
      return step.endDialog();
    }
    const [already] = await this.deps.queue.activeFor(step.context.activity.from.id);
    // Asking again, or saying cancel, while in line: the place is shown and can be given up.
    if (already) return step.beginDialog(CANCEL_STEPS, { requestId: already._id } satisfies CancelStepsOptions);
    if (options.cancelling) {
      await step.context.sendActivity(t('cancel.nothing'));
      return step.endDialog();
    }
    const request = options.caseNumber || options.topic ? { caseNumber: options.caseNumber, topic: options.topic } : await personRequestFrom(step.context, this.deps.cases, options.text ?? '', this.services.vocabulary(language.locale).personRequestWords);
    const now = this.clock();
    const windows = callbackWindows(this.deps.hours, now);
    const gathered: Gathered = { requestId: randomUUID(), request, windows: windows.map((w) => ({ from: w.from.toISOString(), to: w.to.toISOString() })) };
    (step.values as StepValues).gathered = gathered;
    const open = this.deps.hours.isOpen(now);
    const choices: Choice[] = [
      { id: ASAP, title: t(open ? 'callback.asap' : 'callback.asapWhenOpen') },
      ...windows.map((w, i) => ({ id: `${WINDOW}${i}`, title: capitalise(windowLabel(language, w, now)) })),
    ];
    const hours = this.deps.hours.describe(language.formats, t);
    const contact = options.introduce ? t(open ? 'person.contactOpen' : 'person.contactClosed', { hours }) : open ? '' : t('callback.closedNow', { hours });
    const intro = [contact, t('callback.askWhen')].filter(Boolean).join(' ');
    return step.prompt(WHEN_PROMPT, {
      prompt: messageWithChoices(intro, choices),
      retryPrompt: messageWithChoices(t('callback.askWhenRetry'), choices),
      validations: { windows: gathered.windows },
    });
  }

  private async askTopic(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (!(step.values as StepValues).gathered) return step.endDialog(step.result); // already in line: cancel or keep was the answer
    const gathered = gatheredIn(step);
    const picked = String(step.result);
    const index = picked.startsWith(WINDOW) ? Number(picked.slice(WINDOW.length)) : NaN;
    const window = gathered.windows[index];
    if (window) gathered.window = window;
    if (gathered.request.caseNumber || gathered.request.topic) return step.next();
    return step.prompt(TOPIC_PROMPT, { prompt: turnLanguage(step.context).t('callback.askTopic') });
  }

  private async askSameNumber(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const gathered = gatheredIn(step);
    if (typeof step.result === 'string' && step.result.trim()) gathered.request.topic = step.result.trim().slice(0, MAX_TOPIC_LENGTH);
    const from = step.context.activity.from.id;
    if (!isReachableNumber(from)) return step.next(OTHER_NUMBER);
    const { t } = turnLanguage(step.context);
    return step.prompt(SAME_NUMBER_PROMPT, {
      prompt: messageWithChoices(t('callback.askSameNumber', { phone: phoneLabel(from) }), [
        { id: THIS_NUMBER, title: t('callback.thisNumber') },
        { id: OTHER_NUMBER, title: t('callback.otherNumber') },
      ]),
    });
  }

  private async askNumber(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === THIS_NUMBER) return step.next(step.context.activity.from.id);
    if (parsePhoneNumber(String(step.result))) return step.next(step.result);
    const { t } = turnLanguage(step.context);
    return step.prompt(NUMBER_PROMPT, { prompt: t('callback.askNumber'), retryPrompt: t('callback.askNumberRetry') });
  }

  /**
   * A number that is not the resident's own, vouched-for line is proved by a texted code before the city texts or
   * calls it: anyone can type anyone's number. On a call the caller cannot read a text sent to another phone, so
   * that number gets the call (a person speaks first) but no text; the per-number limits still hold.
   */
  private async proveNumber(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const gathered = gatheredIn(step);
    const { context } = step;
    const phone = parsePhoneNumber(String(step.result)) ?? context.activity.from.id;
    gathered.phone = phone;
    const { phoneIdentity, speech } = capabilitiesOf(context);
    if (phoneIdentity && phone === context.activity.from.id) return step.next(PROVED);
    if (phoneIdentity && speech) return step.next(CALL_ONLY);
    if (await this.deps.verifications.isVerified(verificationOwner(context), phone)) return step.next(PROVED);
    // Ends with PROVED, or false once the resident has been told why not.
    return step.beginDialog(VERIFY_STEPS, { phone } satisfies VerifyStepsOptions);
  }

  private async addToQueue(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const language = turnLanguage(step.context);
    const gathered = gatheredIn(step);
    const { activity } = step.context;
    // The code was wrong, never sent or too many: the resident has been told; nothing is queued or sent.
    if (step.result !== PROVED && step.result !== CALL_ONLY) return step.endDialog();
    const proved = step.result === PROVED;
    const phone = gathered.phone ?? activity.from.id;
    if (!(await this.deps.limits.mayQueue(step.context, phone))) {
      await step.context.sendActivity(language.t('callback.numberTooMany', { phone: phoneLabel(phone) }));
      return step.endDialog();
    }
    const request = await this.deps.queue.add({
      id: gathered.requestId,
      phone,
      ...gathered.request,
      locale: language.locale,
      ...(gathered.window ? { window: { from: new Date(gathered.window.from), to: new Date(gathered.window.to) } satisfies CallbackWindow } : {}),
      channel: activity.channelId,
      address: activity.from.id,
    });
    const place = await this.deps.queue.placeOf(request);
    // A reply by text to that same number already is the confirmation.
    const repliesAreTexts = activity.channelId === 'sms' && activity.from.id === phone;
    const texted = !repliesAreTexts && proved && (await this.deps.texts.confirm(request, place));
    await step.context.sendActivity(this.confirmation(language, request, place, texted));
    return step.endDialog();
  }

  protected override async isAnswer(innerDc: DialogContext, understanding: Understanding): Promise<boolean> {
    // "cancel" answers "do you want to cancel it?" rather than dropping the dialog.
    if (innerDc.activeDialog?.id === CANCEL_PROMPT && understanding.intent === 'cancel') return true;
    return super.isAnswer(innerDc, understanding);
  }

  private confirmation(language: TurnLanguage, request: Parameters<CallbackQueue['placeOf']>[0], place: Awaited<ReturnType<CallbackQueue['placeOf']>>, texted: boolean): string {
    const { t } = language;
    const when = whenLabel(language, request, place, this.clock());
    return [t('callback.confirmed', { position: place.position, phone: phoneLabel(request.phone), when }), texted ? t('callback.textSent') : '']
      .filter(Boolean)
      .join(' ');
  }

  /** An option picked (by button, number, key or its words); after a few unclear answers, the soonest call. */
  private async validateWhen(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const chosen = chosenId(prompt.context.activity);
    if (chosen === ASAP || chosen?.startsWith(WINDOW)) {
      prompt.recognized.value = chosen;
      return true;
    }
    const language = turnLanguage(prompt.context);
    const windows = ((prompt.options.validations as { windows?: Gathered['windows'] } | undefined)?.windows ?? []).map((w) => ({ from: new Date(w.from) }));
    const named = whenInWords(prompt.recognized.value ?? '', windows, this.services.vocabulary(language.locale).callbackWhen, language, this.clock());
    if (named !== undefined) {
      prompt.recognized.value = named === 'soonest' ? ASAP : `${WINDOW}${named}`;
      return true;
    }
    if (this.saysYes(prompt.context, prompt.recognized.value ?? '') || prompt.attemptCount >= WHEN_TRIES) {
      prompt.recognized.value = ASAP;
      return true;
    }
    return false;
  }

  /** A few words about the subject; a bare yes, no or a single letter is not one. */
  private async validateTopic(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = (prompt.recognized.value ?? '').trim();
    if (countWords(text) === 0 || this.saysYes(prompt.context, text) || this.saysNo(prompt.context, text)) {
      // Nothing to add is an answer too: staff will ask.
      prompt.recognized.value = '';
    }
    return true;
  }

  private async validateSameNumber(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const chosen = chosenId(prompt.context.activity);
    const text = prompt.recognized.value ?? '';
    if (chosen === THIS_NUMBER || chosen === OTHER_NUMBER) {
      prompt.recognized.value = chosen;
      return true;
    }
    // A number given straight away is the other number.
    if (parsePhoneNumber(text)) {
      prompt.recognized.value = text;
      return true;
    }
    if (this.saysYes(prompt.context, text)) prompt.recognized.value = THIS_NUMBER;
    else if (this.saysNo(prompt.context, text)) prompt.recognized.value = OTHER_NUMBER;
    else return false;
    return true;
  }
}

interface StepValues {
  gathered?: Gathered;
}

function gatheredIn(step: WaterfallStepContext): Gathered {
  const gathered = (step.values as StepValues).gathered;
  if (!gathered) throw new Error('Call-back request missing from dialog state');
  return gathered;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
