import { TextReachability } from '../channels/texts/TextReachability';
import { TextSender, wasSent } from '../channels/texts/TextSender';
import { Languages } from '../i18n/Languages';
import { CallbackRequest } from './callbackModels';
import { aboutLabel, phoneLabel, whenLabel } from './callbackWording';
import { QueuePlace } from './CallbackQueue';

/**
 * The texts a call-back brings: the confirmation of a place in line, and "we tried to reach you" after the last
 * attempt. Sent only to numbers that take texts, once each (keyed by request), in the resident's language.
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

  async gaveUp(request: CallbackRequest): Promise<boolean> {
    if (!(await this.reachability.canText(request.phone))) return false;
    const language = this.languages.turnLanguage(request.locale);
    const text = language.t('callback.gaveUpText', { count: request.attemptsMade, about: aboutLabel(language, request) });
    return wasSent(await this.sender.send({ key: `callback:${request._id}:gave-up`, to: request.phone, text }));
  }
}
