import { Activity, ActivityTypes, Attachment } from 'botbuilder';
import { PhotoUrls } from '../../photos/photoUrls';
import { withoutClientAddress } from '../clientAddress';
import { WEB_BOT, webUser } from './DirectLineConversations';
import { TokenGrant } from './DirectLineTokens';

/** The longest message a resident can type (a case description keeps 4,000 characters). */
export const MAX_TEXT_LENGTH = 5000;

/** How a stored activity refers to a photo in CivicLine's store; each reader gets a URL it may open. */
const PHOTO_REFERENCE = 'civicline-photo:';

export function photoReference(photoId: string): string {
  return PHOTO_REFERENCE + photoId;
}

/** What a resident's client may send: the rest (sender, ids, attachments by URL) is the server's to set. */
export type ClientActivityCheck = { activity: Partial<Activity> } | { ignored: true } | { error: string };

/**
 * A client's activity as it will be stored and echoed. The sender is always the token's user, whatever the
 * client claims; attachments come only from uploads (a URL in the JSON could point anywhere).
 */
export function fromClient(raw: unknown, grant: TokenGrant, attachments: Attachment[] = []): ClientActivityCheck {
  if (typeof raw !== 'object' || raw === null) return { error: 'The body must be an activity (a JSON object)' };
  const a = raw as Record<string, unknown>;
  if (a.type === ActivityTypes.Typing) return { ignored: true };
  if (a.type !== ActivityTypes.Message && a.type !== ActivityTypes.Event) return { error: 'Only message and event activities can be sent' };
  if (a.text !== undefined && typeof a.text !== 'string') return { error: 'text must be a string' };
  if (typeof a.text === 'string' && a.text.length > MAX_TEXT_LENGTH) return { error: `text is limited to ${MAX_TEXT_LENGTH} characters` };
  const from = typeof a.from === 'object' && a.from !== null ? (a.from as Record<string, unknown>) : {};
  const activity: Partial<Activity> = {
    type: a.type,
    from: webUser(grant.userId, typeof from.name === 'string' ? from.name.slice(0, 100) : ''),
    recipient: WEB_BOT,
    ...(typeof a.text === 'string' ? { text: a.text } : {}),
    ...(typeof a.textFormat === 'string' ? { textFormat: a.textFormat } : {}),
    ...(typeof a.name === 'string' ? { name: a.name.slice(0, 200) } : {}),
    ...(a.value !== undefined ? { value: a.value } : {}),
    ...(typeof a.locale === 'string' ? { locale: a.locale.slice(0, 35) } : {}),
    ...(typeof a.localTimestamp === 'string' ? { localTimestamp: a.localTimestamp as unknown as Date } : {}),
    ...(typeof a.localTimezone === 'string' ? { localTimezone: a.localTimezone.slice(0, 100) } : {}),
    // clientActivityID lives here: Web Chat matches its own message coming back by it.
    ...(typeof a.channelData === 'object' && a.channelData !== null ? { channelData: a.channelData } : {}),
    ...(Array.isArray(a.entities) ? { entities: a.entities as Activity['entities'] } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
  return { activity };
}

/** The activity as a resident's client must see it: photo references become URLs its token opens. */
export function forClient(stored: Activity, photoUrl: (photoId: string) => string): Activity {
  const activity = withoutClientAddress(stored);
  if (!activity.attachments?.some((a) => a.contentUrl?.startsWith(PHOTO_REFERENCE))) return activity;
  return {
    ...activity,
    attachments: activity.attachments.map((a) => {
      if (!a.contentUrl?.startsWith(PHOTO_REFERENCE)) return a;
      const url = photoUrl(a.contentUrl.slice(PHOTO_REFERENCE.length));
      // With a thumbnail Web Chat shows the picture itself in the resident's bubble, not a download link.
      return { ...a, contentUrl: url, thumbnailUrl: url };
    }),
  };
}

/** The activity as the bot sees it: a photo is its staff URL, the URL a case keeps. */
export function forBot(activity: Activity, urls: PhotoUrls): Activity {
  if (!activity.attachments?.some((a) => a.contentUrl?.startsWith(PHOTO_REFERENCE))) return activity;
  return {
    ...activity,
    attachments: activity.attachments.map((a) =>
      a.contentUrl?.startsWith(PHOTO_REFERENCE) ? { ...a, contentUrl: urls.staffUrl(a.contentUrl.slice(PHOTO_REFERENCE.length)) } : a,
    ),
  };
}
