import { Activity, ActivityTypes, InputHints } from 'botbuilder';
import { TFunction } from 'i18next';
import { HANDOFF_INITIATE_EVENT, HandoffContext } from '../../bot/events';
import { staffAboutLabel, staffLanguageNote } from '../../callbacks/callbackWording';
import { Choice, choicesIn } from '../../dialogs/choices';
import { chosenLanguage } from '../../dialogs/mainMenu';
import { Languages } from '../../i18n/Languages';
import { smsText } from '../sms/smsText';
import { spokenText } from './spokenText';
import { VoiceTurn } from './TwilioVoiceAdapter';
import { VoiceLanguages } from './VoiceLanguages';
import { StoredPrompt } from './VoicePrompts';
import { VoiceUrls } from './voiceUrls';
import { GatherSpec, Utterance, goodbyeTwiml, sayTwiml, stillThereTwiml, transferTwiml, turnTwiml } from './voiceTwiml';

/** Seconds a staff phone rings before the caller is offered a call-back instead. */
const TRANSFER_RING_SECONDS = 25;

export interface VoiceTurnRendererDeps {
  languages: Languages;
  voices: VoiceLanguages;
  urls: VoiceUrls;
  /** Words the recogniser should expect in free answers, per language: the town's streets and places. */
  placeHints: (locale: string) => string[];
  /** CITY_STAFF_NUMBER: where hand-offs go. */
  staffNumber?: string;
  /** Staff hear whispers in the city's default language. */
  staffLocale: string;
  /** Where recorded prompts live, for languages without a voice. */
  recordingsBaseUrl?: string;
}

export interface RenderOptions {
  callSid: string;
  /** The id of the step this answer asks (it goes into the webhook URLs of the answer). */
  step: string;
  /** Whether the caller's number takes texts (asked only when needed: a Lookup may cost). */
  canText: () => Promise<boolean>;
  /** Said after the turn's replies, in the turn's language (e.g. "I've also texted you your case number"). */
  notes: string[];
}

export type RenderedTurn = {
  twiml: string;
  stored: StoredPrompt;
  /** The replies in writing, for languages the phone cannot speak: texted to the caller. */
  textFollowUp?: string;
};

/** Who speaks: a language's voice, or the fallback language's when Twilio has none for it. */
interface Speaker {
  locale: string;
  t: TFunction;
  say?: { language: string; voice: string };
}

/**
 * Turns one turn's replies into what the caller hears: every reply said in the language's voice, offered choices
 * read out as keys to press, the last question inside <Gather> (or "anything else?" after a statement), and a
 * transfer to staff when the bot hands off.
 */
export class VoiceTurnRenderer {
  constructor(private readonly deps: VoiceTurnRendererDeps) {}

  async render(turn: VoiceTurn, options: RenderOptions): Promise<RenderedTurn> {
    const messages = turn.replies.filter((r) => r.type === ActivityTypes.Message && (r.text?.trim() || choicesIn(r).length > 0));
    const handoff = turn.replies.find((r) => r.type === ActivityTypes.Event && r.name === HANDOFF_INITIATE_EVENT);
    if (!this.deps.voices.of(turn.locale).say) return this.renderUnspoken(turn, messages, options);
    const speaker = this.speaker(turn.locale);
    if (handoff && this.deps.staffNumber) return this.renderTransfer(turn.locale, messages, handoff.value as HandoffContext, options);

    const said = messages.map((m) => this.utterancesOf(m, speaker));
    const last = messages[messages.length - 1];
    // A prompt, a menu, or a sentence that ends in a question mark waits for the answer; anything else is followed by "anything else?".
    const asks = last !== undefined && (choicesIn(last).length > 0 || last.inputHint === InputHints.ExpectingInput || /[?؟？]\s*$/.test(last.text ?? ''));
    const notes = options.notes.map((note) => this.say(speaker, note));
    const before = asks ? [...said.slice(0, -1).flat(), ...notes] : [...said.flat(), ...notes];
    const prompt = asks ? said[said.length - 1] : [this.say(speaker, speaker.t('voice.anythingElse'))];
    const choices = asks ? choicesIn(last) : [];
    const gather: Omit<GatherSpec, 'action'> = {
      language: this.deps.voices.of(turn.locale).recognition,
      options: choices.length,
      hints: choices.length > 0 ? choices.map((c) => c.title) : asks ? this.deps.placeHints(turn.locale) : [],
      // "Anything else?" takes words (or star for the menu); a question may take keys (a case number).
      ...(asks ? {} : { speechOnly: true }),
    };
    const stored: StoredPrompt = { locale: turn.locale, prompt, gather };
    return { twiml: this.ask(before, stored, options.step), stored };
  }

  /** The question asked at a step, again, after a few words (a wrong key, a failure on our side). */
  again(stored: StoredPrompt, sentence: string, step: string): string {
    return this.ask([this.say(this.speaker(stored.locale), sentence)], stored, step);
  }

  /** After silence twice: one key goes on where the call was (star: the main menu), else goodbye. */
  stillThere(stored: StoredPrompt, step: string): string {
    const speaker = this.speaker(stored.locale);
    return stillThereTwiml(this.say(speaker, speaker.t('voice.stillThere')), this.say(speaker, speaker.t('voice.goodbye')), {
      action: this.deps.urls.resume(step),
      language: stored.gather.language,
      hints: ['menu', 'yes'],
      options: 1,
    });
  }

  whisper(stored: StoredPrompt | null): string {
    return sayTwiml(stored?.whisper ?? []);
  }

  /** A polite end when nothing else can be done (no database at the start of a call). */
  goodbye(locale: string, sentenceKey: string): string {
    const speaker = this.speaker(locale);
    return goodbyeTwiml([this.say(speaker, speaker.t(sentenceKey))]);
  }

  /** What a language sounds like on the phone: its own voice, or the fallback language's words and voice. */
  speaker(locale: string): Speaker {
    const row = this.deps.voices.of(locale);
    if (row.say) return { locale, t: this.deps.languages.turnLanguage(locale, { speech: true }).t, say: row.say };
    const fallback = this.deps.voices.fallback;
    return { locale: fallback.locale, t: this.deps.languages.turnLanguage(fallback.locale, { speech: true }).t, say: fallback.say };
  }

  /** Words in a language's voice (or the fallback's), cleaned for listening; with that speaker's t. */
  speech(locale: string): { t: TFunction; language: ReturnType<Languages['turnLanguage']>; words: (text: string) => Utterance } {
    const speaker = this.speaker(locale);
    return { t: speaker.t, language: this.deps.languages.turnLanguage(speaker.locale, { speech: true }), words: (text) => this.say(speaker, text) };
  }

  private ask(before: Utterance[], stored: StoredPrompt, step: string): string {
    const speaker = this.speaker(stored.locale);
    return turnTwiml({
      before,
      prompt: stored.prompt,
      gather: { ...stored.gather, action: this.deps.urls.gather(step) },
      noInput: this.say(speaker, speaker.t('voice.noInput')),
      afterSilence: this.deps.urls.silence(step),
    });
  }

  private renderTransfer(locale: string, messages: Partial<Activity>[], handoff: HandoffContext, options: RenderOptions): RenderedTurn {
    const speaker = this.speaker(locale);
    const staff = this.speaker(this.deps.staffLocale);
    const staffLanguage = this.deps.languages.turnLanguage(this.deps.staffLocale, { speech: true });
    const about = staffAboutLabel(staffLanguage, handoff);
    const stored: StoredPrompt = {
      locale,
      prompt: [],
      gather: { language: this.deps.voices.of(locale).recognition, options: 0, hints: [] },
      whisper: [staff.t('voice.whisperPerson', { about }), staffLanguageNote(staffLanguage, locale)].filter(Boolean).map((text) => this.say(staff, text)),
    };
    const twiml = transferTwiml({
      before: messages.flatMap((m) => this.utterancesOf(m, speaker)),
      to: this.deps.staffNumber ?? '',
      whisperUrl: this.deps.urls.whisper(options.callSid, options.step),
      action: this.deps.urls.dialStatus(options.step),
      timeoutS: TRANSFER_RING_SECONDS,
    });
    return { twiml, stored };
  }

  /**
   * A language Twilio cannot speak: the replies go by text, in that language, and the call says (in the fallback
   * language, or as a recording) to read them and answer with the keypad.
   */
  private async renderUnspoken(turn: VoiceTurn, messages: Partial<Activity>[], options: RenderOptions): Promise<RenderedTurn> {
    const row = this.deps.voices.of(turn.locale);
    const speaker = this.speaker(turn.locale);
    const last = messages[messages.length - 1];
    const choices = last ? choicesIn(last) : [];
    const canText = await options.canText();
    const recording = row.recordedPrompt && this.deps.recordingsBaseUrl ? `${this.deps.recordingsBaseUrl}/${row.recordedPrompt}` : undefined;
    const prompt: Utterance[] = !canText
      ? [this.say(speaker, speaker.t('voice.noVoiceNoTexts'))]
      : recording
        ? [{ play: recording }]
        : [this.say(speaker, speaker.t('voice.readYourTexts'))];
    const stored: StoredPrompt = { locale: turn.locale, prompt, gather: { language: row.recognition, options: canText ? choices.length : 0, hints: [] } };
    const textFollowUp = canText ? messages.map(smsText).filter(Boolean).join('\n\n') : undefined;
    return { twiml: this.ask([], stored, options.step), stored, ...(textFollowUp ? { textFollowUp } : {}) };
  }

  private utterancesOf(message: Partial<Activity>, speaker: Speaker): Utterance[] {
    const words = this.say(speaker, message.text ?? '');
    return [...('say' in words && words.say ? [words] : []), ...choicesIn(message).map((choice, i) => this.option(choice, i + 1, speaker))];
  }

  /** "For report a problem, press 1."; a language is offered in its own voice, so its speakers recognise it. */
  private option(choice: Choice, number: number, speaker: Speaker): Utterance {
    const language = chosenLanguage(choice.id);
    if (language) {
      const own = this.deps.voices.of(language);
      if (own.say && this.deps.languages.isSupported(language)) {
        return { say: this.deps.languages.turnLanguage(language, { speech: true }).t('voice.languageOption', { number }), ...own.say };
      }
      const name = new Intl.DisplayNames([speaker.locale], { type: 'language' }).of(language) ?? choice.title;
      return this.say(speaker, speaker.t('voice.languageOptionNamed', { name, number }));
    }
    return this.say(speaker, speaker.t('voice.option', { title: choice.title.replace(/(?<!\b\p{L}\.\p{L})[.!?]$/u, ''), number }));
  }

  private say(speaker: Speaker, text: string): Utterance {
    const voice = speaker.say ?? this.deps.voices.fallback.say;
    return { say: spokenText(text), language: voice.language, voice: voice.voice };
  }
}
