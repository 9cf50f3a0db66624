import { PermitDoc } from './MongoPermitDirectory';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Demo applications for the fictional Town of Elmhurst, dated relative to the day they are seeded. */
export function samplePermits(now: Date): PermitDoc[] {
  const daysFromNow = (days: number) => new Date(now.getTime() + days * DAY_MS);
  return [
    { number: 'BP-2026-0142', work: 'Deck, rear yard', address: '27 Elm St', step: 'plans_review', stepChangedAt: daysFromNow(-3), expectedDecisionBy: daysFromNow(6), applicantPhone: '+12895550142', postalCode: 'L4X2B7' },
    { number: 'BP-2026-0157', work: 'Detached garage', address: '9 Maple Ave', step: 'zoning_review', stepChangedAt: daysFromNow(-1), expectedDecisionBy: daysFromNow(12), applicantPhone: '+12895550157', postalCode: 'L4X3C1' },
    { number: 'BP-2026-0163', work: 'Two-storey addition', address: '310 King St', step: 'completeness_check', stepChangedAt: daysFromNow(-2), expectedDecisionBy: daysFromNow(20), applicantPhone: '+12895550142', postalCode: 'L4X1A9' },
    { number: 'BP-2026-0098', work: 'In-ground pool', address: '58 Oak St', step: 'issued', stepChangedAt: daysFromNow(-10), applicantPhone: '+12895550198', postalCode: 'L4X2E4' },
    { number: 'BP-2026-0121', work: 'Basement apartment', address: '14 Church St', step: 'refused', stepChangedAt: daysFromNow(-5), applicantPhone: '+12895550121', postalCode: 'L4X1B5' },
  ];
}
