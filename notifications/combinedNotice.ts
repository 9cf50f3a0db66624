import { TFunction } from 'i18next';
import { HeldNotice } from './HeldNotices';

/**
 * One message for what happened overnight: a line per case with its changes in order ("Case 48219375 (Pothole
 * at 45 Elm St): now Work in progress, then Closed: the problem was fixed."), then any satisfaction question.
 */
export function combinedNotice(t: TFunction, notices: Pick<HeldNotice, 'caseNumber' | 'heading' | 'step' | 'survey' | 'text'>[]): string {
  if (notices.length === 1) return [notices[0].text, notices[0].survey].filter(Boolean).join('\n');
  const byCase = new Map<string, typeof notices>();
  for (const notice of notices) byCase.set(notice.caseNumber, [...(byCase.get(notice.caseNumber) ?? []), notice]);
  const lines = [t('notice.morningIntro')];
  for (const changes of byCase.values()) {
    const steps = changes.map((c, i) => (i === 0 ? c.step : t('notice.then', { step: c.step }))).join(', ');
    lines.push(t('notice.caseLine', { heading: changes[0].heading, steps }));
  }
  const surveys = [...new Set(notices.map((n) => n.survey).filter((s): s is string => Boolean(s)))];
  // One question can be answered by a bare number: ask only the last one.
  if (surveys.length > 0) lines.push(surveys[surveys.length - 1]);
  return lines.join('\n');
}
