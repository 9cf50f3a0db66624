import { TFunction } from 'i18next';
import { CaseRecord, StatusChange } from '../cases/CaseModel';
import { forwardedExplanation } from '../forwarding/forwardedNotice';

/** The text telling a reporter where their case now stands, in the language of `t` (`location` in that language too). */
export function statusNotice(t: TFunction, record: CaseRecord, change: StatusChange, location = record.location.text): string {
  const lines = [
    t('notify.statusChanged', {
      number: record.number,
      category: t(`category.${record.category}`),
      location,
      status: t(`status.name.${change.status}`),
    }),
    forwardedExplanation(t, record, change) ?? t(`status.explain.${change.status}`),
  ];
  if (change.reason) lines.push(t(`closure.${change.reason}`));
  if (record.mergedInto && change.reason === 'duplicate') lines.push(t('notify.mergedInto', { into: record.mergedInto }));
  if (change.note) lines.push(t('status.note', { note: change.note }));
  if (change.by === 'resident') lines.push(t('notice.reopenedByResident'));
  lines.push(t('notify.checkAnytime', { number: record.number }));
  return lines.join('\n');
}

/** A public staff note, sent to a subscriber on its own. */
export function noteNotice(t: TFunction, record: CaseRecord, note: string, location = record.location.text): string {
  return [
    t('notify.publicNote', { number: record.number, category: t(`category.${record.category}`), location, note }),
    t('notify.checkAnytime', { number: record.number }),
  ].join('\n');
}
