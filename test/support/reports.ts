import { randomUUID } from 'node:crypto';
import { NewReport } from '../../cases/CaseService';

/** A pothole reported by text from a phone, as the report dialog hands it to CaseService. */
export function potholeReport(phone = '+12895550100', locale = 'en'): NewReport {
  return {
    category: 'pothole',
    location: { text: '123 Main St', kind: 'address' },
    description: 'deep pothole in the right lane',
    photos: [],
    urgent: false,
    submissionKey: randomUUID(),
    reporter: {
      channel: 'sms',
      address: phone,
      locale,
      conversation: { conversation: { id: `+15555550100:${phone}`, isGroup: false, name: '', conversationType: 'personal' } },
    },
  };
}
