import { TurnContext } from 'botbuilder';

/**
 * What a channel can do, declared by its adapter. Dialogs read these instead of testing the channel's name,
 * so a new channel is a new adapter and a new set of capabilities, never a new branch in a dialog.
 */
export interface ChannelCapabilities {
  /** Shows suggested actions as buttons; otherwise the adapter renders them as numbered options. */
  buttons: boolean;
  /** The resident can send photos on this channel. */
  photos: boolean;
  /** Replies are heard, not read, and answers may be transcribed speech. */
  speech: boolean;
  /** A call can be connected to a person right now (voice). */
  callTransfer: boolean;
  /**
   * The city may call or text a phone number for this resident (call-backs, their confirming texts). False where
   * nothing ties the resident to a number or vouches for who they are (Bot Framework's /api/messages).
   */
  phoneContact: boolean;
  /**
   * The sender's address is their own phone number, vouched for by the channel (a Twilio webhook with a valid
   * signature). Absent: the address proves nothing, and a number the resident gives must be verified first.
   */
  phoneIdentity?: boolean;
}

/** The safest assumptions for an unknown channel: plain text in, plain text out. */
export const PLAIN_TEXT: ChannelCapabilities = { buttons: false, photos: false, speech: false, callTransfer: false, phoneContact: false };

const CAPABILITIES = Symbol('ChannelCapabilities');

export function setCapabilities(context: TurnContext, capabilities: ChannelCapabilities): void {
  context.turnState.set(CAPABILITIES, capabilities);
}

export function capabilitiesOf(context: TurnContext): ChannelCapabilities {
  return (context.turnState.get(CAPABILITIES) as ChannelCapabilities | undefined) ?? PLAIN_TEXT;
}
