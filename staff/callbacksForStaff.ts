import { StaffCallbackView } from '../callbacks/CallbackQueue';
import { maskPhoneNumbers } from '../storage/maskPhoneNumbers';
import { StaffCaller } from './requireStaff';
import { StaffAuthority } from './StaffAuthority';

/** A call-back as a staff member sees it: detailsHidden when its phone is masked and its topic left out. */
export type StaffCallbackRow = StaffCallbackView & { detailsHidden?: true };

/**
 * The queue as one staff member may read it. Everyone sees the line (states, positions, windows, attempts), so an
 * agent knows what is coming; the resident's number and words are shown in full only on call-backs placed with
 * the caller or someone they act for (an agent: their own; a supervisor: their team's and their own), and on
 * every call-back to an admin. Waiting call-backs nobody has been given yet are an admin's to read in full.
 */
export function callbacksForStaff(views: StaffCallbackView[], caller: StaffCaller, authority: StaffAuthority): StaffCallbackRow[] {
  if (authority.seesEverything(caller)) return views;
  return views.map((view) => {
    if (view.attempts.some((a) => authority.maySeeWorkOf(caller, a.agentId))) return view;
    const { topic: _hidden, ...rest } = view;
    return { ...rest, phone: maskPhoneNumbers(view.phone), detailsHidden: true };
  });
}
