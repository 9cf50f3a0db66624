import { TextReachability } from '../channels/texts/TextReachability';
import { TextSender, wasSent } from '../channels/texts/TextSender';
import { Languages } from '../i18n/Languages';
import { CallbackRequest } from './callbackModels';
import { aboutLabel, phoneLabel, whenLabel } from './callbackWording';
import { QueuePlace } from './CallbackQueue';

/**
 * The texts a call-back brings: the code that proves a number, the confirmation of a place in line, and "we
 * tried to reach you" after the last attempt. Sent only to numbers that take texts, once each (keyed by request), in the resident's language.
 */
export class CallbackTexts {
  constructor(
    private readonly sender: TextSender,
    private readonly reachability: TextReachability,
    private readonly languages: Languages,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** True when the resident has (or will get) the confirming text. */
  async confirm(request: CallbackRequest, place: QueuePlace): Promise<boolean> {
    if (!(await this.reachability.canText(request.phone))) return false;
    const language = this.languages.turnLanguage(request.locale);
    const text = language.t('callback.confirmText', {
      position: place.position,
      phone: phoneLabel(request.phone),
      when: whenLabel(language, request, place, this.clock()),
    });
    return wasSent(await this.sender.send({ key: `callback:${request._id}:confirmed`, to: request.phone, text }));
  }

  /**
   * A verification code for a number a resident gave: the code and the city's name, nothing the resident wrote
   * (the number may be anyone's). `key` makes a retried turn send it once.
   */
  async code(to: string, code: string, locale: string, key: string): Promise<'sent' | 'cannot_text' | 'not_sent'> {
    if (!(await this.reachability.canText(to))) return 'cannot_text';
    const text = this.languages.turnLanguage(locale).t('callback.codeText', { code });
    return wasSent(await this.sender.send({ key, to, text })) ? 'sent' : 'not_sent';
  }

  async gaveUp(request: CallbackRequest): Promise<boolean> {
    if (!(await this.reachability.canText(request.phone))) return false;
    const language = this.languages.turnLanguage(request.locale);
    const text = language.t('callback.gaveUpText', { count: request.attemptsMade, about: aboutLabel(language, request) });
    return wasSent(await this.sender.send({ key: `callback:${request._id}:gave-up`, to: request.phone, text }));
  }
}
