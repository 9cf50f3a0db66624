/**
 * Why a staff change to a case was refused: `not_found` (no such case), `conflict` (the case changed since the
 * revision the staff member saw, or another change makes this one impossible now), `invalid` (the change itself
 * makes no sense: a move the lifecycle does not allow, closing without a reason). The staff API maps them to 404,
 * 409 and 400; `field` names the input at fault.
 */
export class CaseChangeError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
