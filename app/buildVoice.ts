import { TurnContext } from 'botbuilder';
import { Connection } from 'mongoose';
import { Twilio } from 'twilio';
import { AgentRoster } from '../callbacks/AgentRoster';
import { CallbackDispatcher } from '../callbacks/CallbackDispatcher';
import { callbackModels } from '../callbacks/callbackModels';
import { CallbackQueue } from '../callbacks/CallbackQueue';
import { CallbackTexts } from '../callbacks/CallbackTexts';
import { CaseService } from '../cases/CaseService';
import { WebhookReceipts } from '../channels/sms/WebhookReceipts';
import { TextReachability } from '../channels/texts/TextReachability';
import { TextSender } from '../channels/texts/TextSender';
import { callbackCallRouter } from '../channels/voice/CallbackCallWebhook';
import { speechHintsFrom } from '../channels/voice/speechHints';
import { TwilioVoiceAdapter, TwilioVoiceAdapterOptions } from '../channels/voice/TwilioVoiceAdapter';
import { VoiceCaseTexts } from '../channels/voice/VoiceCaseTexts';
import { VoiceLanguages } from '../channels/voice/VoiceLanguages';
import { VoicePrompts } from '../channels/voice/VoicePrompts';
import { VoiceTurnRenderer } from '../channels/voice/VoiceTurnRenderer';
import { VoiceUrls } from '../channels/voice/voiceUrls';
import { voiceWebhookRouter } from '../channels/voice/VoiceWebhook';
import { Config } from '../config/config';
import { OpeningHours } from '../hours/OpeningHours';
import { Languages } from '../i18n/Languages';
import { DatabaseLock } from '../storage/DatabaseLock';
import { Logger } from './Logger';

export interface CallbackParts {
  config: Config;
  callbackData: ReturnType<typeof callbackModels>;
  hours: OpeningHours;
  texts: TextSender;
  reachability: TextReachability;
  languages: Languages;
  clock: () => Date;
}

/** Part of the composition root: the one call-back queue every channel adds to, and who can take the calls. */
export function buildCallbacks(parts: CallbackParts) {
  const { config, callbackData, hours, clock } = parts;
  return {
    queue: new CallbackQueue(callbackData, hours, config.callbacks, clock),
    roster: new AgentRoster(callbackData, clock),
    texts: new CallbackTexts(parts.texts, parts.reachability, parts.languages, clock),
  };
}

export type Callbacks = ReturnType<typeof buildCallbacks>;

export interface VoiceParts {
  config: Config;
  connection: Connection;
  lock: DatabaseLock;
  client: Twilio;
  languages: Languages;
  callbacks: Callbacks;
  callbackData: ReturnType<typeof callbackModels>;
  hours: OpeningHours;
  cases: CaseService;
  texts: TextSender;
  reachability: TextReachability;
  contentRoot: string;
  clock: () => Date;
  logger: Logger;
  /** Texts a turn's replies to a number (the Urdu path: no voice, replies by SMS). */
  textReplies: TwilioVoiceAdapterOptions['text'];
  logic: (context: TurnContext) => Promise<void>;
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
}

/** Part of the composition root: Twilio Voice (calls, spoken menus) and the call-back dispatcher. */
export function buildVoice(parts: VoiceParts) {
  const { config, connection, callbacks, logger } = parts;
  const log = (message: string, error?: unknown) => logger.error(message, error);
  const adapter = new TwilioVoiceAdapter({ lock: parts.lock, text: parts.textReplies, defaultLocale: config.defaultLocale });
  adapter.onTurnError = parts.onTurnError;
  const urls = new VoiceUrls(config.publicBaseUrl);
  const renderer = new VoiceTurnRenderer({
    languages: parts.languages,
    voices: VoiceLanguages.load(),
    urls,
    placeHints: speechHintsFrom(parts.contentRoot),
    staffNumber: config.cityStaffNumber,
    staffLocale: config.defaultLocale,
    recordingsBaseUrl: config.voiceRecordingsBaseUrl,
  });
  const dispatcher = new CallbackDispatcher({
    models: parts.callbackData,
    queue: callbacks.queue,
    roster: callbacks.roster,
    hours: parts.hours,
    client: parts.client,
    urls: { answer: (attempt) => urls.callbackAnswer(attempt), status: (attempt) => urls.callbackStatus(attempt) },
    texts: callbacks.texts,
    settings: config.callbacks,
    clock: parts.clock,
    log,
  });
  const prompts = new VoicePrompts(connection);
  const receipts = new WebhookReceipts(connection, 'voiceReceipts');
  const routers = [
    voiceWebhookRouter({
      adapter,
      logic: parts.logic,
      renderer,
      prompts,
      receipts,
      caseTexts: new VoiceCaseTexts(parts.cases, parts.texts, parts.reachability, parts.languages),
      texts: parts.texts,
      reachability: parts.reachability,
      authToken: config.twilio.authToken,
      publicBaseUrl: config.publicBaseUrl,
      defaultLocale: config.defaultLocale,
      log,
    }),
    callbackCallRouter({
      dispatcher,
      models: parts.callbackData,
      renderer,
      urls,
      callerId: config.callbacks.callerId,
      staffLocale: config.defaultLocale,
      authToken: config.twilio.authToken,
      publicBaseUrl: config.publicBaseUrl,
      log,
    }),
  ];
  return { adapter, dispatcher, routers, prompts, receipts };
}
