import { randomUUID } from 'node:crypto';
import { TurnContext } from 'botbuilder';
import { Dialog, DialogTurnResult, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { CallbackTexts } from '../callbacks/CallbackTexts';
import { phoneLabel } from '../callbacks/callbackWording';
import { MAX_WRONG_CODES, NumberVerifications } from '../callbacks/NumberVerifications';
import { turnLanguage } from '../i18n/TurnLanguage';
import { containsPhrase, countWords, normalise } from '../understanding/text';
import { Vocabulary } from '../understanding/Vocabulary';
import { CallbackLimits } from './CallbackLimits';
import { chosenId, messageWithChoices } from './choices';

export const VERIFY_STEPS = 'callbackVerifySteps';
/** While this prompt waits, digits are the code (not a case number) and "send it again" asks for a new one. */
export const CODE_PROMPT = 'callbackCodePrompt';
const RESEND = 'callbackCode:resend';
const VERIFIED = 'callbackCode:verified';
const DROPPED = 'callbackCode:dropped';
/** Answers in all (codes, "send it again", anything else) before the attempt is dropped. */
const MAX_ANSWERS = 6;
/** "please send it again" is a request; a longer message that contains "again" is something else. */
const RESEND_MAX_WORDS = 8;

export interface VerifyStepsOptions {
  phone: string;
}

export interface VerifyStepsDeps {
  verifications: NumberVerifications;
  limits: CallbackLimits;
  texts: CallbackTexts;
  vocabulary: (locale: string) => Vocabulary;
}

/** Who a proof belongs to: the resident as their channel names them (a web user's id lasts as long as their browser key). */
export function verificationOwner(context: TurnContext): string {
  return `${context.activity.channelId}:${context.activity.from.id}`;
}

/**
 * "We've sent a code to 289-555-1004": before the city texts or calls a number a resident gave, the resident
 * types the code texted to it. Typos are forgiven (spaces, dashes, words around it); wrong codes get two more
 * tries, then the request is dropped; "send it again" sends one new code. Ends with true once the number is proved.
 */
export class CallbackVerifySteps {
  constructor(private readonly deps: VerifyStepsDeps) {}

  dialogs(): Dialog[] {
    return [new TextPrompt(CODE_PROMPT, (p) => this.validate(p)), new WaterfallDialog(VERIFY_STEPS, [this.sendCode.bind(this), this.finish.bind(this)])];
  }

  private async sendCode(step: WaterfallStepContext<VerifyStepsOptions>): Promise<DialogTurnResult> {
    const { context } = step;
    const { t } = turnLanguage(context);
    const { phone } = step.options;
    if (!(await this.deps.limits.mayTextCode(context, phone))) {
      await context.sendActivity(t('callback.codeLimit', { phone: phoneLabel(phone) }));
      return step.endDialog(false);
    }
    const code = await this.deps.verifications.start(verificationOwner(context), phone);
    const sent = await this.text(context, phone, code);
    if (sent !== 'sent') {
      await context.sendActivity(t(sent === 'cannot_text' ? 'callback.codeCannotText' : 'callback.codeNotSent', { phone: phoneLabel(phone) }));
      return step.endDialog(false);
    }
    return step.prompt(CODE_PROMPT, {
      prompt: messageWithChoices(t('callback.askCode', { phone: phoneLabel(phone) }), [{ id: RESEND, title: t('callback.resendCode') }]),
      validations: { phone } satisfies VerifyStepsOptions,
    });
  }

  private async finish(step: WaterfallStepContext<VerifyStepsOptions>): Promise<DialogTurnResult> {
    if (step.result === VERIFIED) return step.endDialog(true);
    await step.context.sendActivity(turnLanguage(step.context).t('callback.codeDropped'));
    return step.endDialog(false);
  }

  private async validate(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { context } = prompt;
    const { t, locale } = turnLanguage(context);
    const { phone } = prompt.options.validations as VerifyStepsOptions;
    const owner = verificationOwner(context);
    const typed = prompt.recognized.value ?? '';
    const dropped = () => {
      prompt.recognized.value = DROPPED;
      return true;
    };
    if (chosenId(context.activity) === RESEND || this.asksForNewCode(typed, locale)) {
      await context.sendActivity(t((await this.resend(context, owner, phone)) ? 'callback.codeResent' : 'callback.codeNoMore', { phone: phoneLabel(phone) }));
      return prompt.attemptCount >= MAX_ANSWERS ? dropped() : false;
    }
    const digits = (typed.match(/\d/g) ?? []).join('');
    if (!digits) {
      if (prompt.attemptCount >= MAX_ANSWERS) return dropped();
      await context.sendActivity(t('callback.codeRetry', { phone: phoneLabel(phone) }));
      return false;
    }
    const checked = await this.deps.verifications.check(owner, phone, digits);
    if (checked === 'verified') {
      prompt.recognized.value = VERIFIED;
      return true;
    }
    if (checked === 'exhausted' || prompt.attemptCount >= MAX_ANSWERS) return dropped();
    if (checked === 'expired') await context.sendActivity(t('callback.codeExpired'));
    else await context.sendActivity(t('callback.codeWrong', { count: MAX_WRONG_CODES - (await this.wrongSoFar(owner, phone)) }));
    return false;
  }

  /** One new code per attempt, within the limits per number and per resident. */
  private async resend(context: TurnContext, owner: string, phone: string): Promise<boolean> {
    if (!(await this.deps.verifications.canResend(owner, phone))) return false;
    if (!(await this.deps.limits.mayTextCode(context, phone))) return false;
    const code = await this.deps.verifications.resend(owner, phone);
    return code !== undefined && (await this.text(context, phone, code)) === 'sent';
  }

  private text(context: TurnContext, phone: string, code: string) {
    // Each code its own text: a turn run again draws a new code, and the newest one is the one that works.
    return this.deps.texts.code(phone, code, turnLanguage(context).locale, `callback-code:${randomUUID()}`);
  }

  private wrongSoFar(owner: string, phone: string): Promise<number> {
    return this.deps.verifications.wrongTries(owner, phone);
  }

  private asksForNewCode(text: string, locale: string): boolean {
    const plain = normalise(text);
    return countWords(text) <= RESEND_MAX_WORDS && !/\d/.test(text) && this.deps.vocabulary(locale).resendCode.some((phrase) => containsPhrase(plain, phrase));
  }
}
