import { TurnContext } from 'botbuilder';
import { CallbackQueue } from '../callbacks/CallbackQueue';
import { aboutLabel, phoneLabel, whenLabel } from '../callbacks/callbackWording';
import { turnLanguage } from '../i18n/TurnLanguage';

/** A resident's call-back requests as lines of "my reports": waiting (with their place), placed, or given up. */
export class CallbackSummary {
  constructor(
    private readonly queue: CallbackQueue,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async describeMine(context: TurnContext): Promise<string[]> {
    const language = turnLanguage(context);
    const { t, date } = language;
    const requests = await this.queue.recentFor(context.activity.from.id);
    return Promise.all(
      requests.map(async (request) => {
        const about = aboutLabel(language, request);
        const phone = phoneLabel(request.phone);
        switch (request.state) {
          case 'waiting': {
            const place = await this.queue.placeOf(request);
            return t('callback.mineWaiting', { about, phone, position: place.position, when: whenLabel(language, request, place, this.clock()) });
          }
          case 'calling':
            return t('callback.mineCalling', { about, phone });
          case 'done':
            return t('callback.mineDone', { about, date: date(request.updatedAt) });
          case 'gave_up':
            return t('callback.mineGaveUp', { about, count: request.attemptsMade });
          case 'cancelled':
            return t('callback.mineCancelled', { about });
        }
      }),
    );
  }
}
