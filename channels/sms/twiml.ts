import { Activity, ActivityTypes } from 'botbuilder';
import twilio from 'twilio';
import { xmlSafe } from '../xmlText';
import { smsText } from './smsText';

/** Twilio refuses message bodies over 1,600 characters. */
export const MAX_SMS_BODY = 1600;

/**
 * Renders one turn's replies as a TwiML response. Replies are joined into as few messages as fit, because
 * separate SMS can arrive out of order on the handset; a longer text is split at line or sentence breaks.
 */
export function repliesToTwiml(replies: Partial<Activity>[]): string {
  const response = new twilio.twiml.MessagingResponse();
  const texts: string[] = [];
  const media: string[] = [];
  for (const reply of replies) {
    if (reply.type !== ActivityTypes.Message) continue;
    // Replies echo the resident's words (read-backs): a control character they sent must not break the answer.
    const text = xmlSafe(smsText(reply));
    if (text) texts.push(text);
    for (const attachment of reply.attachments ?? []) {
      if (attachment.contentUrl) media.push(xmlSafe(attachment.contentUrl));
    }
  }
  const bodies = packMessages(texts);
  // A reply that is only a picture still needs a <Message> to carry it.
  if (bodies.length === 0 && media.length > 0) bodies.push('');
  bodies.forEach((body, i) => {
    const message = response.message('');
    // Cutting a long text can split an emoji's surrogate pair: that half is dropped too.
    message.body(xmlSafe(body));
    if (i === bodies.length - 1) media.forEach((url) => message.media(url));
  });
  return response.toString();
}

export function packMessages(texts: string[], limit = MAX_SMS_BODY): string[] {
  const pieces = texts.flatMap((text) => splitLong(text, limit));
  const messages: string[] = [];
  for (const piece of pieces) {
    const last = messages[messages.length - 1];
    if (last !== undefined && last.length + 2 + piece.length <= limit) messages[messages.length - 1] = `${last}\n\n${piece}`;
    else messages.push(piece);
  }
  return messages;
}

/** Cuts at the last line break, else sentence end, else space, in the second half of the window. */
function splitLong(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const breaks = [window.lastIndexOf('\n'), window.lastIndexOf('. ') + 1, window.lastIndexOf(' ')];
    const cut = breaks.find((at) => at > limit / 2) ?? limit;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** The texts and pictures of a TwiML answer this module rendered: to text it when it may not have arrived. */
export function twimlContents(twiml: string): { text: string; media: string[] } {
  const unescape = (xml: string) =>
    xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const texts = [...twiml.matchAll(/<Body>([\s\S]*?)<\/Body>/g)].map((m) => unescape(m[1])).filter(Boolean);
  const media = [...twiml.matchAll(/<Media>([\s\S]*?)<\/Media>/g)].map((m) => unescape(m[1]));
  return { text: texts.join('\n\n'), media };
}
