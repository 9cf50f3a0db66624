import { Outbox } from '../outbox/Outbox';
import { HeldNotices } from './HeldNotices';
import { QuietHours } from './QuietHours';
import { DeliveryResult, SubscriberNotice } from './SubscriberNotice';
import { SurveyInvitations } from './SurveyInvitations';

export interface NoticeDeliveryOptions {
  outbox: Pick<Outbox, 'enqueue' | 'hasTransport' | 'transportFor' | 'get' | 'isFinished'>;
  held: HeldNotices;
  quietHours: QuietHours;
  surveys: SurveyInvitations;
  /** Channels whose messages are texts (held in quiet hours); web chat messages wait in the conversation anyway. */
  textChannels: string[];
  clock: () => Date;
}

/**
 * Where a case notice goes: into the outbox now, or, for a text in quiet hours about a case that is not urgent,
 * into the held notices until the morning. A notice carrying the satisfaction question records it as asked.
 */
export class NoticeDelivery {
  constructor(private readonly options: NoticeDeliveryOptions) {}

  hasTransport(channel: string): boolean {
    return this.options.outbox.hasTransport(channel);
  }

  async deliver(notice: SubscriberNotice): Promise<DeliveryResult> {
    const { outbox, quietHours, held, textChannels, clock } = this.options;
    const now = clock();
    const releaseAt = notice.urgent || !textChannels.includes(notice.channel) ? undefined : quietHours.releaseAt(now);
    if (releaseAt) {
      if (await outbox.transportFor(notice.channel).isOptedOut?.(notice.to)) return 'opted_out';
      // Sent just before the window opened, and handed over again by a sweep: not held for a second time.
      if ((await outbox.get(notice.key)) || (await outbox.isFinished(notice.key))) return 'duplicate';
      return (await held.hold(notice, now, releaseAt)) ? 'held' : 'duplicate';
    }
    // Recorded before it is queued: a crash in between leaves a question "asked" a sweep then sends.
    if (notice.survey) await this.options.surveys.asked(notice.channel, notice.to, notice.caseNumber, now);
    return outbox.enqueue({
      key: notice.key,
      channel: notice.channel,
      to: notice.to,
      reference: notice.reference,
      text: notice.survey ? `${notice.text}\n${notice.survey}` : notice.text,
      reason: notice.reason,
    });
  }
}
