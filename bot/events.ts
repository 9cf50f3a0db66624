/**
 * Events a channel sends the bot (activities of type `event`) and the bot sends back. The handoff names are the
 * Bot Framework's own, so a contact-centre adapter could take the same hand-off.
 */

/** Drop whatever is in progress and offer the main menu (a phone caller pressed star, or came back after silence). */
export const SHOW_MENU_EVENT = 'civicline/showMenu';

/** The bot asks the channel to connect the resident to a person now (only sent where `callTransfer`). */
export const HANDOFF_INITIATE_EVENT = 'handoff.initiate';

/** The channel tells the bot how a hand-off ended. */
export const HANDOFF_STATUS_EVENT = 'handoff.status';

/** What a staff member is told before taking the call. */
export interface HandoffContext {
  caseNumber?: string;
  topic: string;
}

export interface HandoffStatus {
  /** `completed`: the person answered and the call with them is over; `failed`: nobody answered. */
  state: 'completed' | 'failed';
}
