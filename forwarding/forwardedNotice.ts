import { TFunction } from 'i18next';
import { CaseRecord, StatusChange } from '../cases/CaseModel';

/**
 * The explanation of a status change on a forwarded case, naming the body (its name and phone are translations
 * added from the bodies file: Bodies.addTo): who handles it now, or that they closed it. Undefined otherwise.
 */
export function forwardedExplanation(t: TFunction, record: Pick<CaseRecord, 'forwarding'>, change: Pick<StatusChange, 'status'>): string | undefined {
  const id = record.forwarding?.body;
  if (!id || (change.status !== 'referred' && change.status !== 'closed')) return undefined;
  const body = t(`bodies.${id}.name`, { defaultValue: '' });
  if (!body) return undefined;
  if (change.status === 'closed') return t('status.explain.closedByBody', { body });
  return t('status.explain.referredTo', { body, phone: t(`bodies.${id}.phone`, { defaultValue: '' }) });
}

/** The report confirmation of a case forwarded as it was opened: who handles it and how to reach them. */
export function referredConfirmation(t: TFunction, record: Pick<CaseRecord, 'number' | 'forwarding'>): string | undefined {
  const id = record.forwarding?.body;
  const body = id ? t(`bodies.${id}.name`, { defaultValue: '' }) : '';
  if (!body) return undefined;
  return t('report.submittedReferred', { number: record.number, body, phone: t(`bodies.${id}.phone`, { defaultValue: '' }) });
}
