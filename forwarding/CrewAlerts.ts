import { TFunction } from 'i18next';
import { CaseRecord } from '../cases/CaseModel';
import { SMS_CHANNEL_ID } from '../channels/sms/smsActivity';
import { EnqueueResult, Outbox } from '../outbox/Outbox';
import { PhotoUrls } from '../photos/photoUrls';
import { StaffPhotoLinks } from '../photos/StaffPhotoLinks';

/** A crew lead reads the gist on a phone: the description is cut to this. */
const MAX_DESCRIPTION = 300;

export interface CrewAlertOptions {
  outbox: Outbox;
  /** CREW_CONTACTS: the lead's phone per queue. */
  contacts: ReadonlyMap<string, string>;
  /** In the city's language (DEFAULT_LOCALE): crews are staff. */
  t: TFunction;
  photoUrls: PhotoUrls;
  photoLinks: Pick<StaffPhotoLinks, 'link'>;
}

export type CrewAlertResult = EnqueueResult | 'no_contact';

/**
 * The text a crew lead gets when a case lands in their queue: category, place, description and signed links to
 * the photos (they open for staff only, until they expire). Keyed `crew:<case>:<queue>`, so however often a case
 * lands (a retried routing, a restart), each lead is told once; a case moved to another queue tells the new lead.
 */
export class CrewAlerts {
  constructor(private readonly options: CrewAlertOptions) {}

  async caseLanded(record: CaseRecord): Promise<CrewAlertResult> {
    const to = this.options.contacts.get(record.queue);
    if (!to) return 'no_contact';
    const { t } = this.options;
    const links = await this.photoLinks(record);
    const description = record.description.length > MAX_DESCRIPTION ? `${record.description.slice(0, MAX_DESCRIPTION - 1)}…` : record.description;
    const lines = [
      t('crew.alert', { number: record.number, category: t(`category.${record.category}`), location: record.location.text, team: t(`queue.${record.queue}`) }),
      t('crew.description', { description }),
      links.length > 0 ? t('crew.photos', { links: links.join('\n') }) : t('crew.noPhotos'),
    ];
    return this.options.outbox.enqueue({
      key: `crew:${record.number}:${record.queue}`,
      channel: SMS_CHANNEL_ID,
      to,
      text: lines.join('\n'),
      reason: 'crew alert',
    });
  }

  private async photoLinks(record: CaseRecord): Promise<string[]> {
    const ids = record.photos.map((p) => this.options.photoUrls.idOf(p.url)).filter((id): id is string => id !== undefined);
    return Promise.all(ids.map((id) => this.options.photoLinks.link(id)));
  }
}
