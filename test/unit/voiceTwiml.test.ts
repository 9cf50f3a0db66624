import { parseTwiml, TwimlNode, wordsIn } from '../../scripts/voiceClient';
import { GatherSpec, goodbyeTwiml, sayTwiml, stillThereTwiml, transferTwiml, turnTwiml, Utterance } from '../../channels/voice/voiceTwiml';

const en = (text: string): Utterance => ({ say: text, language: 'en-US', voice: 'Polly.Joanna-Neural' });
const fr = (text: string): Utterance => ({ say: text, language: 'fr-CA', voice: 'Polly.Gabrielle-Neural' });
const menu: GatherSpec = { action: 'https://city.example/twilio/voice/gather?step=abc', language: 'en-CA', hints: ['Report a problem', 'Ask a question'], options: 2 };
const free: GatherSpec = { action: 'https://city.example/twilio/voice/gather?step=def', language: 'en-CA', hints: ['Main Street', 'King Street'], options: 0 };
const names = (node: TwimlNode) => node.children.map((c) => c.name);

describe('TwiML builders (pure functions, read back as XML)', () => {
  it('says what came before, asks inside <Gather>, asks once more after silence, then redirects', () => {
    const xml = turnTwiml({ before: [en('Thank you.')], prompt: [en('What next?'), en('For help, press 1.')], gather: menu, noInput: en("I didn't hear anything."), afterSilence: 'https://city.example/twilio/voice/silence?step=abc' });
    const root = parseTwiml(xml);
    expect(names(root)).toEqual(['Say', 'Gather', 'Gather', 'Redirect']);
    const [said, first, again, redirect] = root.children;
    expect(said.text).toBe('Thank you.');
    expect(wordsIn(first)).toEqual(['What next?', 'For help, press 1.']);
    expect(wordsIn(again)).toEqual(["I didn't hear anything.", 'What next?', 'For help, press 1.']);
    expect(first.attributes).toEqual(again.attributes);
    expect(redirect).toMatchObject({ text: 'https://city.example/twilio/voice/silence?step=abc', attributes: { method: 'POST' } });
  });

  it('takes one key for a menu of up to nine options, and stops listening at the first pause', () => {
    const gather = parseTwiml(turnTwiml({ before: [], prompt: [en('Choose.')], gather: menu, noInput: en('?'), afterSilence: 'x' })).children[0];
    expect(gather.attributes).toMatchObject({
      input: 'dtmf speech',
      action: menu.action,
      method: 'POST',
      numDigits: '1',
      language: 'en-CA',
      speechTimeout: 'auto',
      hints: 'Report a problem, Ask a question',
    });
    expect(gather.attributes.finishOnKey).toBeUndefined();
  });

  it('lets a free answer run to # on the keypad, and waits through pauses in speech (an address)', () => {
    const gather = parseTwiml(turnTwiml({ before: [], prompt: [en('Where is it?')], gather: free, noInput: en('?'), afterSilence: 'x' })).children[0];
    expect(gather.attributes).toMatchObject({ finishOnKey: '#', speechTimeout: '3', hints: 'Main Street, King Street' });
    expect(gather.attributes.numDigits).toBeUndefined();
  });

  it('listens to the keypad only where the language cannot be recognised', () => {
    const gather = parseTwiml(turnTwiml({ before: [], prompt: [{ play: 'https://media.example/ur/read-your-texts.mp3' }], gather: { ...menu, language: undefined }, noInput: en('?'), afterSilence: 'x' })).children[0];
    expect(gather.attributes.input).toBe('dtmf');
    expect(gather.attributes.language).toBeUndefined();
    expect(gather.attributes.hints).toBeUndefined();
    expect(gather.children[0]).toMatchObject({ name: 'Play', text: 'https://media.example/ur/read-your-texts.mp3' });
  });

  it('gives each sentence its own language and voice', () => {
    const root = parseTwiml(sayTwiml([en('For English, press 1.'), fr('Pour le français, appuyez sur 2.')]));
    expect(root.children.map((c) => c.attributes)).toEqual([
      { language: 'en-US', voice: 'Polly.Joanna-Neural' },
      { language: 'fr-CA', voice: 'Polly.Gabrielle-Neural' },
    ]);
  });

  it('keeps hints to what Twilio accepts: no commas inside a hint, at most 100 characters, at most 200 hints', () => {
    const hints = ['Maple Avenue, north end', 'x'.repeat(150), ...Array.from({ length: 300 }, (_, i) => `Street ${i}`)];
    const gather = parseTwiml(turnTwiml({ before: [], prompt: [en('Where?')], gather: { ...free, hints }, noInput: en('?'), afterSilence: 'x' })).children[0];
    const sent = gather.attributes.hints.split(', ');
    expect(sent[0]).toBe('Maple Avenue  north end');
    expect(sent[1]).toHaveLength(100);
    expect(sent).toHaveLength(200);
  });

  it('puts a caller through to staff, who hear a whisper first; the way the transfer ended goes to the action', () => {
    const root = parseTwiml(
      transferTwiml({ before: [en('Please hold.')], to: '+19055550311', whisperUrl: 'https://city.example/w', action: 'https://city.example/d', timeoutS: 25 }),
    );
    expect(names(root)).toEqual(['Say', 'Dial']);
    const dial = root.children[1];
    expect(dial.attributes).toMatchObject({ action: 'https://city.example/d', method: 'POST', timeout: '25', answerOnBridge: 'true' });
    expect(dial.children).toEqual([{ name: 'Number', attributes: { url: 'https://city.example/w', method: 'POST' }, text: '+19055550311', children: [] }]);
  });

  it('after silence twice: one key brings the menu back, otherwise goodbye and hang up', () => {
    const root = parseTwiml(stillThereTwiml(en('Still there?'), en('Goodbye.'), { action: 'https://city.example/menu', language: 'en-CA', hints: ['menu'], options: 1 }));
    expect(names(root)).toEqual(['Gather', 'Say', 'Hangup']);
    expect(root.children[0].attributes).toMatchObject({ action: 'https://city.example/menu', numDigits: '1', hints: 'menu' });
    expect(root.children[1].text).toBe('Goodbye.');
  });

  it('ends a call with words, then hangs up', () => {
    expect(names(parseTwiml(goodbyeTwiml([en('Goodbye.')])))).toEqual(['Say', 'Hangup']);
  });

  it('escapes what residents said so it cannot break the XML', () => {
    const root = parseTwiml(sayTwiml([en('You said: <b>"fish & chips"</b>')]));
    expect(root.children[0].text).toBe('You said: <b>"fish & chips"</b>');
  });
});
