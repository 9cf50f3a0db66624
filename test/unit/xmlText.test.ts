import { ActivityTypes } from 'botbuilder';
import { repliesToTwiml } from '../../channels/sms/twiml';
import { isXmlSafe, xmlSafe } from '../../channels/xmlText';
import { goodbyeTwiml } from '../../channels/voice/voiceTwiml';

describe('characters XML cannot carry', () => {
  it('are removed, and nothing else is', () => {
    expect(xmlSafe('a\u0000b\u0001c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh')).toBe('abcdefgh');
    expect(xmlSafe('lone \uD800 and \uDFFF halves')).toBe('lone  and  halves');
    expect(xmlSafe('tab\tline\nreturn\r 😀 é 中文 \u2028')).toBe('tab\tline\nreturn\r 😀 é 中文 \u2028');
    expect(isXmlSafe('😀')).toBe(true);
    expect(isXmlSafe('\uD83D')).toBe(false);
  });

  it('never break an SMS answer, even when a long text is cut in the middle of an emoji', () => {
    const text = `${'a'.repeat(1599)}😀${'b'.repeat(50)} \u0001 \uDC00`;
    const twiml = repliesToTwiml([{ type: ActivityTypes.Message, text }]);
    expect(twiml).toContain('<Message>');
    expect(isXmlSafe(twiml)).toBe(true);
  });

  it('never break a spoken answer', () => {
    const twiml = goodbyeTwiml([{ say: 'you said \u0000 "40 King\u0001 St" \uD800', language: 'en-US', voice: 'Polly.Joanna-Neural' }]);
    expect(twiml).toContain('you said  "40 King St" ');
  });
});
