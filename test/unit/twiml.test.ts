import { Activity, ActivityTypes } from 'botbuilder';
import { MAX_SMS_BODY, repliesToTwiml } from '../../channels/sms/twiml';
import { messagesInTwiml } from '../../scripts/smsClient';

const say = (text: string, mediaUrls: string[] = []): Partial<Activity> => ({
  type: ActivityTypes.Message,
  text,
  attachments: mediaUrls.map((contentUrl) => ({ contentType: 'image/jpeg', contentUrl })),
});
const wordsOf = (texts: string[]) => texts.join(' ').split(/\s+/).filter(Boolean);

/** A realistic long answer: many sentences over several lines. */
function longText(sentences: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= sentences; i++) {
    lines.push(`Step ${i}: put the blue box at the curb by 7 a.m. on your collection day, and flatten cardboard first.`);
  }
  return lines.reduce((text, line, i) => text + (i === 0 ? '' : i % 3 === 0 ? '\n' : ' ') + line, '');
}

describe('repliesToTwiml: one turn of replies as the TwiML Twilio sends', () => {
  it('puts several short replies in one message, in order, separated by blank lines', () => {
    const twiml = repliesToTwiml([say('Thanks, I have your report.'), say('Where is it?'), say('Reply with an address or a landmark.')]);
    expect(messagesInTwiml(twiml)).toEqual(['Thanks, I have your report.\n\nWhere is it?\n\nReply with an address or a landmark.']);
  });

  it('leaves out replies that are not messages or have no text', () => {
    const twiml = repliesToTwiml([{ type: ActivityTypes.Typing }, say('First.'), say('   '), { type: ActivityTypes.Event, name: 'x' }, say('Second.')]);
    expect(messagesInTwiml(twiml)).toEqual(['First.\n\nSecond.']);
  });

  it('trims each reply', () => {
    expect(messagesInTwiml(repliesToTwiml([say('  Hello  \n'), say('\nWorld ')]))).toEqual(['Hello\n\nWorld']);
  });

  it('starts a new message when the next reply does not fit, keeping the order', () => {
    const a = 'A'.repeat(1000);
    const b = 'B'.repeat(700);
    const c = 'C'.repeat(500);
    expect(messagesInTwiml(repliesToTwiml([say(a), say(b), say(c)]))).toEqual([a, `${b}\n\n${c}`]);
  });

  it('fills a message exactly to the limit', () => {
    const a = 'a'.repeat(800);
    const b = 'b'.repeat(MAX_SMS_BODY - 800 - 2);
    expect(messagesInTwiml(repliesToTwiml([say(a), say(b)]))).toEqual([`${a}\n\n${b}`]);
  });

  it.each([16, 25, 40, 90])('splits a text of %i sentences into messages of at most 1600, losing nothing', (sentences) => {
    const text = longText(sentences);
    expect(text.length).toBeGreaterThan(MAX_SMS_BODY);
    const messages = messagesInTwiml(repliesToTwiml([say(text)]));
    expect(messages.length).toBeGreaterThanOrEqual(Math.ceil(text.length / MAX_SMS_BODY));
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(MAX_SMS_BODY);
    // Split between words only: the words, in order, are exactly the original ones.
    expect(wordsOf(messages)).toEqual(wordsOf([text]));
  });

  it('never splits inside a word when the text has spaces', () => {
    const text = longText(40);
    const messages = messagesInTwiml(repliesToTwiml([say(text)]));
    expect(messages.length).toBeGreaterThan(1);
    for (let i = 0; i + 1 < messages.length; i++) {
      const boundary = text.indexOf(messages[i + 1], text.indexOf(messages[i]) + messages[i].length - 1);
      expect(boundary).toBeGreaterThan(0);
      expect(text[boundary - 1]).toMatch(/\s/);
    }
  });

  it('cuts a text with no spaces at the limit, losing nothing', () => {
    const url = `https://www.elmhurst.example/${'x'.repeat(3500)}`;
    const messages = messagesInTwiml(repliesToTwiml([say(url)]));
    expect(messages.map((m) => m.length)).toEqual([MAX_SMS_BODY, MAX_SMS_BODY, url.length - 2 * MAX_SMS_BODY]);
    expect(messages.join('')).toBe(url);
  });

  it('keeps a long reply and a short one after it in order', () => {
    const long = longText(25);
    const messages = messagesInTwiml(repliesToTwiml([say(long), say('Reply YES to send.')]));
    expect(messages[messages.length - 1].endsWith('Reply YES to send.')).toBe(true);
    expect(wordsOf(messages)).toEqual(wordsOf([long, 'Reply YES to send.']));
  });

  it('attaches media URLs as <Media>, escaped', () => {
    const photo = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1?size=large&fmt=jpg';
    const map = 'https://maps.elmhurst.example/pin.png';
    const twiml = repliesToTwiml([say('Here is your report.', [photo]), say('And the map.', [map])]);
    const media = [...twiml.matchAll(/<Media>([^<]*)<\/Media>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(media).toEqual([photo, map]);
    expect(twiml).toContain('size=large&amp;fmt=jpg');
    expect(messagesInTwiml(twiml)).toEqual(['Here is your report.\n\nAnd the map.']);
  });

  it('escapes XML special characters and they read back unchanged', () => {
    const text = `Fees < $50 & > $10: "Tom's" <b>garage</b> sale`;
    const twiml = repliesToTwiml([say(text)]);
    expect(twiml).not.toContain('<b>');
    expect(twiml).toContain('&lt;b&gt;');
    expect(twiml).toContain('&amp;');
    expect(messagesInTwiml(twiml)).toEqual([text]);
  });

  it('answers an empty turn with a valid empty <Response/>', () => {
    const twiml = repliesToTwiml([]);
    expect(twiml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><Response\s*\/>$/);
    expect(messagesInTwiml(twiml)).toEqual([]);
  });
});

describe('splitting and pictures', () => {
  it('splits a long text at a sentence end rather than mid-sentence', () => {
    const sentence = 'Bins go out by seven in the morning on your collection day. ';
    const text = sentence.repeat(Math.ceil((MAX_SMS_BODY * 1.5) / sentence.length)).trim();
    const messages = messagesInTwiml(repliesToTwiml([say(text)]));
    expect(messages.length).toBe(2);
    expect(messages[0].endsWith('collection day.')).toBe(true);
  });

  it('sends a reply that is only a picture', () => {
    const twiml = repliesToTwiml([say('', ['https://media.example/map.png'])]);
    expect(twiml).toContain('<Media>https://media.example/map.png</Media>');
  });
});

