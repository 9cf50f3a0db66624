import express, { NextFunction, Request, Response, Router } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import { CallbackDispatcher } from '../../callbacks/CallbackDispatcher';
import { CallbackModels } from '../../callbacks/callbackModels';
import { aboutLabel, phoneLabel, staffAboutLabel, staffLanguageNote } from '../../callbacks/callbackWording';
import { twilioForm } from '../twilioFields';
import { requireTwilioSignature } from '../twilioSignature';
import { VoiceTurnRenderer } from './VoiceTurnRenderer';
import { VoiceUrls } from './voiceUrls';
import { goodbyeTwiml, sayTwiml, transferTwiml } from './voiceTwiml';

export interface CallbackCallWebhookOptions {
  dispatcher: CallbackDispatcher;
  models: CallbackModels;
  renderer: VoiceTurnRenderer;
  urls: VoiceUrls;
  callerId: string;
  staffLocale: string;
  authToken: string;
  publicBaseUrl: string;
  log: (message: string, error?: unknown) => void;
}

/** The fields these webhooks read, at the edge: plain strings only (an array or a bracketed name is a 400). */
const callbackCallSchema = twilioForm.pipe(
  z
    .object({
      CallSid: z.string().regex(/^CA[0-9a-fA-F]{32}$/).optional(),
      AnsweredBy: z.string().max(40).optional(),
      DialCallStatus: z.string().max(40).optional(),
      CallStatus: z.string().max(40).optional(),
    })
    .catchall(z.string()),
);
type CallbackCallFields = z.infer<typeof callbackCallSchema>;

/** Seconds an agent's phone rings before the resident is told and the call-back is tried again later. */
const AGENT_RING_SECONDS = 20;

/**
 * Twilio's webhooks for the calls the dispatcher places (under /twilio/voice/callback/): the resident answers
 * (a machine hangs up; a person hears who is calling and why, then is put through to the agent, who hears a
 * whisper first), the agent's leg ends, the call ends. Signature-checked; repeated deliveries change nothing,
 * since everything they record is an insert with a fixed id.
 */
export function callbackCallRouter(options: CallbackCallWebhookOptions): Router {
  const router = express.Router();
  const hangUp = () => {
    const response = new twilio.twiml.VoiceResponse();
    response.hangup();
    return response.toString();
  };
  const readFields = (req: Request, res: Response, next: NextFunction) => {
    const parsed = callbackCallSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).type('text/plain').send('Bad request: malformed webhook fields');
    res.locals.fields = parsed.data;
    next();
  };
  const checks = [express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }), requireTwilioSignature(options.authToken, options.publicBaseUrl), readFields];
  const attemptOf = (req: Request) => (typeof req.query.attempt === 'string' ? req.query.attempt : '');
  const field = (res: Response, name: keyof CallbackCallFields) => (res.locals.fields as CallbackCallFields)[name] ?? '';
  const answer = (res: Response, twiml: string) => res.type('text/xml').send(twiml);
  /** Never a bare HTTP error on a call (Twilio would read its own error message out): the call ends politely. */
  const guarded = (work: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await work(req, res);
    } catch (error) {
      options.log(`Call-back webhook ${req.path} failed`, error);
      if (!res.headersSent) answer(res, hangUp());
    }
  };

  /** The attempt, its request and its agent, or null when the URL names none (a call we did not place). */
  const load = async (attemptId: string) => {
    const attempt = await options.models.attempts.findById(attemptId).lean();
    const request = attempt ? await options.models.requests.findById(attempt.requestId).lean() : null;
    return attempt && request ? { attempt, request } : null;
  };

  router.post('/twilio/voice/callback/answer', ...checks, guarded(async (req: Request, res: Response) => {
    const id = attemptOf(req);
    const found = await load(id);
    if (!found) return answer(res, hangUp());
    // Answering-machine detection: machine_start, machine_end_beep, fax... are not the resident.
    const answeredBy = field(res, 'AnsweredBy');
    if (/^(machine|fax)/.test(answeredBy)) {
      await options.dispatcher.recordEvent(id, 'machine');
      return answer(res, hangUp());
    }
    await options.dispatcher.recordEvent(id, 'answered');
    const resident = options.renderer.speech(found.request.locale);
    const greeting = resident.t('callback.returningCall', { about: aboutLabel(resident.language, found.request) });
    return answer(
      res,
      transferTwiml({
        before: [resident.words(greeting)],
        to: found.attempt.agentPhone,
        whisperUrl: options.urls.agentWhisper(id),
        action: options.urls.agentStatus(id),
        timeoutS: AGENT_RING_SECONDS,
        callerId: options.callerId,
      }),
    );
  }));

  router.post('/twilio/voice/callback/agent-whisper', ...checks, guarded(async (req: Request, res: Response) => {
    const found = await load(attemptOf(req));
    if (!found) return answer(res, sayTwiml([]));
    const staff = options.renderer.speech(options.staffLocale);
    const text = staff.t('callback.agentWhisper', { phone: phoneLabel(found.request.phone), about: staffAboutLabel(staff.language, found.request) });
    const language = staffLanguageNote(staff.language, found.request.locale);
    return answer(res, sayTwiml([staff.words(text), ...(language ? [staff.words(language)] : [])]));
  }));

  router.post('/twilio/voice/callback/agent-status', ...checks, guarded(async (req: Request, res: Response) => {
    const id = attemptOf(req);
    const found = await load(id);
    if (!found) return answer(res, hangUp());
    if (field(res, 'DialCallStatus') === 'completed') {
      await options.dispatcher.recordEvent(id, 'connected');
      return answer(res, hangUp());
    }
    await options.dispatcher.recordEvent(id, 'agent_missed');
    const resident = options.renderer.speech(found.request.locale);
    return answer(res, goodbyeTwiml([resident.words(resident.t('callback.noAgent'))]));
  }));

  router.post('/twilio/voice/callback/status', ...checks, guarded(async (req: Request, res: Response) => {
    const status = field(res, 'CallStatus');
    if (['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(status)) await options.dispatcher.settle(attemptOf(req), status);
    answer(res, new twilio.twiml.VoiceResponse().toString());
  }));
  return router;
}
