/** Why a case was closed: stable codes (staff API, Open311 notes); the plain words live in locales/ (closure.<code>). */
export const CLOSURE_REASONS = [
  'fixed',
  'duplicate',
  'referred',
  'not_city_responsibility',
  'no_action_needed',
  'could_not_locate',
  'insufficient_information',
] as const;

export type ClosureReason = (typeof CLOSURE_REASONS)[number];
