import path from 'node:path';
import { readFileSync } from 'node:fs';
import { TFunction } from 'i18next';
import { CaseRecord, StatusChange } from '../../cases/CaseModel';
import { Bodies } from '../../forwarding/Bodies';
import { createI18n } from '../../i18n/createI18n';
import { statusNotice } from '../../notifications/statusNotice';
import { PROJECT_ROOT } from '../support/paths';

const SAMPLE = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'knowledge', 'bodies.json'), 'utf8')) as unknown;

function forwardedCase(status: StatusChange['status']): CaseRecord {
  const at = new Date('2027-01-04T15:00:00Z');
  return {
    number: '12345674',
    category: 'pothole',
    location: { text: '2400 Ridgeline Rd', kind: 'address' },
    forwarding: { body: 'region-roads', state: 'sent', externalId: 'REG-1' },
    history: [{ status: 'received', at }, { status, at }],
  } as unknown as CaseRecord;
}

describe("the status notice of a forwarded case names the body, in the reporter's language", () => {
  let t: (locale: string) => TFunction;
  beforeAll(async () => {
    const i18n = await createI18n(path.join(PROJECT_ROOT, 'locales'), 'en');
    Bodies.fromData(SAMPLE, {}).addTo(i18n, ['en', 'fr']);
    t = (locale) => i18n.getFixedT(locale);
  });

  it('says who handles it now and how to reach them', () => {
    const record = forwardedCase('referred');
    const en = statusNotice(t('en'), record, record.history[1]);
    expect(en).toContain('Region of Elmhurst Roads is responsible for this');
    expect(en).toContain('905-555-0160');
    expect(en).toContain('12345674');
    const fr = statusNotice(t('fr'), record, record.history[1]);
    expect(fr).toContain("Service des routes de la Région d'Elmhurst en est responsable");
    expect(fr).toContain('905-555-0160');
  });

  it('says the body closed it', () => {
    const record = forwardedCase('closed');
    expect(statusNotice(t('en'), record, record.history[1])).toContain('Region of Elmhurst Roads, who handled it, has closed it.');
    expect(statusNotice(t('fr'), record, record.history[1])).toContain("Service des routes de la Région d'Elmhurst, qui s'en occupait, l'a fermé.");
  });

  it('keeps the usual wording for a case that was not forwarded, or a body no longer in the file', () => {
    const plain = { ...forwardedCase('referred'), forwarding: undefined };
    expect(statusNotice(t('en'), plain, plain.history[1])).toContain('Another agency is responsible');
    const gone = { ...forwardedCase('referred'), forwarding: { body: 'old-body', state: 'sent' as const } };
    expect(statusNotice(t('en'), gone, gone.history[1])).toContain('Another agency is responsible');
  });
});
