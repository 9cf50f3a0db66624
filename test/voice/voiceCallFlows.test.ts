import { CivicLine } from '../../app/createCivicLine';
import { SimulatedCall, parseTwiml } from '../../scripts/voiceClient';
import { startWithTwilioStandIn, stopWithTwilioStandIn } from '../support/civicLineHarness';
import { contentRootWith } from '../support/contentRoot';
import { PROJECT_ROOT } from '../support/paths';
import { textsQueuedFor } from '../support/outbox';
import { waitFor } from '../support/waitFor';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { heardText, phoneCall } from '../support/phoneCall';
import { CITY_NUMBER } from '../support/testConfig';

const STAFF = '+19055550311';

/** "4 8 2 1, 9 3 7 5" as heard -> "48219375". */
function caseNumberHeard(heard: string): string | undefined {
  const spoken = /case number is ((?:\d[ ,]*){8})/.exec(heard)?.[1];
  return spoken?.replace(/\D/g, '');
}

/** Reports a problem from the main menu by speech, answering whatever is asked, until the case number is said. */
async function reportByPhone(call: SimulatedCall): Promise<{ number: string; heard: string }> {
  await call.start();
  const answers = ['pothole', '123 Main Street', 'a deep pothole in the right lane, it took out my tire'];
  let step = await call.press('1');
  for (let turn = 0; turn < 8; turn++) {
    const heard = heardText(step);
    const number = caseNumberHeard(heard);
    if (number) return { number, heard };
    // Confirmations (a read-back of the place or the whole report) get a yes; questions get the next answer.
    step = await call.say(/\byes\b/i.test(heard) || answers.length === 0 ? 'yes' : (answers.shift() as string));
  }
  throw new Error(`No case number after the report: ${heardText(step)}`);
}

/** A pothole reported from the menu by speech, up to its read-back; resolves to what was heard there. */
async function readBackByPhone(call: SimulatedCall, place = '123 Main Street'): Promise<string> {
  await call.start();
  await call.press('1');
  await call.say('pothole');
  await call.say(place);
  const heard = heardText(await call.say('yes'));
  return /Here is your report/.test(heard) ? heard : heardText(await call.say('a deep pothole in the right lane'));
}

describe('whole calls', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  beforeAll(async () => {
    ({ civicLine, twilioApi } = await startWithTwilioStandIn(
      'voiceCallFlows',
      { OPENING_HOURS: 'Mon-Sun 00:00-24:00', CITY_STAFF_NUMBER: STAFF, CALLBACK_DISPATCH_SECONDS: '0' },
      { contentRoot: PROJECT_ROOT },
    ));
  });
  afterAll(() => stopWithTwilioStandIn({ civicLine, twilioApi }));

  describe('menu, then a report by speech', () => {
    it('files the case, says its number digit by digit, and texts it to a mobile', async () => {
      const caller = '+12895550711';
      const { number, heard } = await reportByPhone(phoneCall(civicLine.app, caller));
      expect(heard).toMatch(/case number is \d \d \d \d, \d \d \d \d/);
      const filed = await civicLine.cases.findByNumber(number);
      expect(filed).toMatchObject({ category: 'pothole', location: { text: expect.stringMatching(/123 Main St/) } });
      expect(filed?.description).toMatch(/deep pothole/);
      expect(filed?.reporters[0]).toMatchObject({ channel: 'voice', address: caller, locale: 'en' });

      expect(heard).toContain("I've also sent your case number to you by text message.");
      expect(twilioApi.lookups).toContain(caller);
      // Texted through the outbox, a moment after the call's answer.
      await waitFor(() => twilioApi.messages.some((m) => m.to === caller), 'the case number texted');
      const texts = twilioApi.messages.filter((m) => m.to === caller);
      expect(texts).toEqual([expect.objectContaining({ from: CITY_NUMBER, body: expect.stringContaining(`your case number is ${number}`) })]);
      expect(texts[0].body).toContain(`status ${number}`);
    });

    it('does not text a landline, and does not say it did', async () => {
      const caller = '+19055550712';
      twilioApi.lineTypes.set(caller, 'landline');
      const { heard } = await reportByPhone(phoneCall(civicLine.app, caller));
      expect(heard).not.toContain('by text message');
      expect(await textsQueuedFor(civicLine, caller)).toEqual([]);
    });

    it('asks where with the town\'s street names as hints, waiting through the pauses of an address', async () => {
      const call = phoneCall(civicLine.app, '+12895550713');
      await call.start();
      await call.press('1');
      const where = await call.say('pothole');
      expect(heardText(where)).toContain('Where is it?');
      const gather = parseTwiml(where.twiml).children.find((c) => c.name === 'Gather');
      expect(gather?.attributes).toMatchObject({ speechTimeout: '3', finishOnKey: '#' });
      expect(gather?.attributes.hints.split(', ')).toEqual(expect.arrayContaining(['Main Street', 'Maple Avenue', 'Cedar Crescent', 'Station Road']));
    });
  });

  it('reads the report back to the caller with their own words before filing it', async () => {
    const heard = await readBackByPhone(phoneCall(civicLine.app, '+12895550714'));
    expect(heard).toMatch(/Here is your report: Pothole at 123 Main St[^.]*\. You said: [^.]*deep pothole in the right lane/);
  });

  it('"can you repeat that" says the question again: the read-back, a place question, the menu; nothing is dropped', async () => {
    const caller = '+12895550715';
    const call = phoneCall(civicLine.app, caller);
    await call.start();
    expect(heardText(await call.say('repeat that'))).toMatch(/press 1/); // the menu again
    await call.press('1');
    await call.say('pothole');
    const where = heardText(await call.say('say that again'));
    expect(where).toMatch(/where/i);
    await call.say('123 Main Street');
    const heard = heardText(await call.say('yes'));
    if (!/Here is your report/.test(heard)) await call.say('a deep pothole in the right lane');
    expect(heardText(await call.say('can you repeat that'))).toMatch(/Here is your report: Pothole at 123 Main St/);
    expect(caseNumberHeard(heardText(await call.say('yes')))).toBeDefined();
    expect(await civicLine.cases.listForReporter(caller, 5)).toHaveLength(1);
  });

  it.each(['its really deep', 'huge one'])('keeps a short description said on the phone ("%s")', async (detail) => {
    const call = phoneCall(civicLine.app, '+12895550716');
    await call.start();
    await call.press('1');
    await call.say('pothole');
    await call.say('45 Elm Street');
    const asked = heardText(await call.say('yes'));
    expect(asked).toMatch(/describe/i);
    expect(heardText(await call.say(detail))).toMatch(new RegExp(`You said: [^.]*${detail}`));
  });

  it('at the read-back, 1 on the keypad sends the report; "no" is asked about once, without "anything else?", and 2 then drops it', async () => {
    const reachReadBack = async (caller: string) => {
      const call = phoneCall(civicLine.app, caller);
      expect(await readBackByPhone(call, '60 King Street')).toMatch(/press 1/);
      return call;
    };
    const sender = await reachReadBack('+12895550717');
    expect(caseNumberHeard(heardText(await sender.press('1')))).toBeDefined();

    const dropper = await reachReadBack('+12895550718');
    const sure = await dropper.say('no');
    expect(heardText(sure)).toMatch(/Just to be sure.*press 2/);
    expect(heardText(sure)).not.toMatch(/anything else/i);
    expect(sure.state.kind).toBe('asked');
    expect(heardText(await dropper.press('2'))).toMatch(/not sent/);
    expect(await civicLine.cases.listForReporter('+12895550718', 5)).toEqual([]);
  });

  it('menu, then a status by keypad: key in the case number then #, and hear where it stands', async () => {
    const { number } = await reportByPhone(phoneCall(civicLine.app, '+12895550721'));
    const call = phoneCall(civicLine.app, '+12895550722');
    await call.start();
    const ask = await call.press('2');
    expect(heardText(ask)).toContain('Please key in your 8-digit case number, then press the pound key.');
    const gather = parseTwiml(ask.twiml).children.find((c) => c.name === 'Gather');
    expect(gather?.attributes).toMatchObject({ finishOnKey: '#', input: 'dtmf speech' });
    expect(gather?.attributes.numDigits).toBeUndefined();
    const status = heardText(await call.press(`${number}#`));
    expect(status).toContain(`${number.slice(0, 4).split('').join(' ')}, ${number.slice(4).split('').join(' ')}`);
    expect(status).toContain('Received');
  });

  it('a caller with reports of their own hears them from the status menu, and can still key in another case number', async () => {
    const caller = '+12895550723';
    const mine = await reportByPhone(phoneCall(civicLine.app, caller));
    const other = await reportByPhone(phoneCall(civicLine.app, '+12895550724'));
    const call = phoneCall(civicLine.app, caller);
    await call.start();
    const ask = await call.press('2');
    expect(heardText(ask)).toContain(`${mine.number.slice(0, 4).split('').join(' ')}`);
    expect(heardText(ask)).toContain('Please key in your 8-digit case number, then press the pound key.');
    expect(ask.state.kind).toBe('asked');
    const status = heardText(await call.press(`${other.number}#`));
    expect(status).toContain(`${other.number.slice(0, 4).split('').join(' ')}, ${other.number.slice(4).split('').join(' ')}`);
  });

  it('a language chosen from the menu is spoken and heard for the rest of the call, and next time', async () => {
    const caller = '+12895550731';
    const call = phoneCall(civicLine.app, caller);
    await call.start();
    const languages = await call.press('6');
    const options = parseTwiml(languages.twiml).children.find((c) => c.name === 'Gather')?.children ?? [];
    expect(options.map((say) => [say.text, say.attributes.voice])).toEqual(
      expect.arrayContaining([
        ['For English, press 1.', 'Polly.Joanna-Neural'],
        ['Pour le français, appuyez sur le 2.', 'Polly.Gabrielle-Neural'],
      ]),
    );

    const french = await call.press('2');
    const gather = parseTwiml(french.twiml).children.find((c) => c.name === 'Gather');
    expect(gather?.attributes.language).toBe('fr-CA');
    expect(gather?.children.every((say) => say.attributes.language === 'fr-CA' && say.attributes.voice === 'Polly.Gabrielle-Neural')).toBe(true);
    expect(heardText(french)).toContain("D'accord, je vous parle en français.");
    expect(heardText(french)).toContain('Pour Signaler un problème, appuyez sur le 1.');
    expect(heardText(await call.press('1'))).toContain('Quel est le problème?');

    const nextCall = phoneCall(civicLine.app, caller);
    expect(heardText(await nextCall.start())).toContain("Bonjour, vous êtes bien à la Ville d'Elmhurst.");
  });

  describe('speak to a person', () => {
    it('during opening hours, puts the caller through to the staff number, whispering the case and the topic', async () => {
      const caller = '+12895550741';
      const { number } = await reportByPhone(phoneCall(civicLine.app, caller));
      const call = phoneCall(civicLine.app, caller);
      await call.start();
      const transfer = await call.say('can I talk to someone about my pothole report please');
      expect(heardText(transfer)).toContain('Please hold while I connect you to a staff member.');
      expect(transfer.state.kind).toBe('transferring');
      const dial = parseTwiml(transfer.twiml).children.find((c) => c.name === 'Dial');
      expect(dial?.attributes).toMatchObject({ action: expect.stringContaining('/twilio/voice/dial-status?step='), timeout: '25' });
      const whisper = await call.transferWhisper();
      expect(whisper.to).toBe(STAFF);
      const spokenNumber = `${number.slice(0, 4).split('').join(' ')}, ${number.slice(4).split('').join(' ')}`;
      expect(whisper.heard.join(' ')).toBe(`A caller from CivicLine about case ${spokenNumber}: can I talk to someone about my pothole report please. Connecting now.`);
    });

    it('when staff answered and hung up, the call carries on', async () => {
      const call = phoneCall(civicLine.app, '+12895550742');
      await call.start();
      await call.press('5');
      const after = await call.transferEnded('completed');
      expect(after.state.kind).toBe('asked');
      expect(heardText(after)).toContain('Is there anything else I can help with?');
    });

    it('when nobody answers, offers a call-back and takes it: when, which number, place in line, confirming text', async () => {
      const caller = '+12895550743';
      const call = phoneCall(civicLine.app, caller);
      await call.start();
      await call.press('5');
      const offer = await call.transferEnded('no-answer');
      expect(heardText(offer)).toContain('Sorry, nobody could take your call right now. Would you like someone to call you back?');
      expect(heardText(offer)).toContain('For Yes, call me back, press 1.');
      const when = await call.press('1');
      expect(heardText(when)).toContain('When should we call you? For As soon as possible, press 1.');
      const topic = await call.press('1');
      expect(heardText(topic)).toContain('In a few words, what is it about?');
      const sameNumber = await call.say('my water bill is twice what it should be');
      expect(heardText(sameNumber)).toContain('Should we call you at 2 8 9, 5 5 5, 0 7 4 3?');
      const done = heardText(await call.press('1'));
      expect(done).toMatch(/you're number \d+ in line for a call back to 2 8 9, 5 5 5, 0 7 4 3\. Expect our call as soon as someone is free\./); // no staff member has said they are available
      expect(done).toContain("We've also sent you a text to confirm.");

      const [request] = await civicLine.callbacks.queue.activeFor(caller);
      expect(request).toMatchObject({ phone: caller, topic: 'my water bill is twice what it should be', locale: 'en', channel: 'voice', state: 'waiting' });
      expect(request.window).toBeUndefined();
      await waitFor(() => twilioApi.messages.some((m) => m.to === caller), 'the confirming text (through the outbox)');
      expect(twilioApi.messages.filter((m) => m.to === caller).map((m) => m.body)).toEqual([expect.stringMatching(/^Town of Elmhurst: you're number \d+ in line for a call back to 289-555-0743/)]);
    });

    it('takes another number keyed in, and a window rather than as soon as possible', async () => {
      const call = phoneCall(civicLine.app, '+12895550744');
      await call.start();
      await call.press('4');
      await call.press('2'); // the first window offered
      await call.say('a question about my property tax bill');
      const ask = await call.press('2'); // another number
      expect(heardText(ask)).toContain('Please key in the 10-digit phone number we should call, then press the pound key.');
      const done = heardText(await call.press('4165550199#'));
      expect(done).toContain('call back to 4 1 6, 5 5 5, 0 1 9 9');
      // A number the caller cannot prove from the call gets the call, never a text.
      expect(done).not.toContain("We've also sent you a text");
      const [request] = await civicLine.callbacks.queue.activeFor('+14165550199');
      expect(request.window?.from).toBeInstanceOf(Date);
      expect(request.address).toBe('+12895550744');
      await new Promise((r) => setTimeout(r, 300));
      expect(twilioApi.to('+14165550199')).toEqual([]);
    });
  });
});

describe('a call outside opening hours', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  // Sunday 3 January 2027, 10:00 in Toronto: the town hall is closed.
  const sunday = new Date('2027-01-03T15:00:00Z');
  beforeAll(async () => {
    ({ civicLine, twilioApi } = await startWithTwilioStandIn(
      'voiceClosed',
      { OPENING_HOURS: 'Mon-Fri 08:30-16:30', CITY_STAFF_NUMBER: STAFF, CALLBACK_DISPATCH_SECONDS: '0' },
      { clock: () => sunday },
    ));
  });
  afterAll(() => stopWithTwilioStandIn({ civicLine, twilioApi }));

  it('never puts the caller through: says the hours and offers a call-back, with when someone will call', async () => {
    const call = phoneCall(civicLine.app, '+12895550751');
    await call.start();
    const offer = await call.press('5');
    expect(offer.state.kind).toBe('asked');
    expect(heardText(offer)).toContain('Our service centre is closed right now.');
    expect(heardText(offer)).toContain('Monday to Friday');
    expect(heardText(await call.press('1'))).toContain('For As soon as we open, press 1.');
    await call.press('1');
    await call.say('garbage was not picked up');
    const done = heardText(await call.press('1'));
    expect(done).toMatch(/Expect our call tomorrow from 8:30\sa\.m\., when we open\./);
  });
});

describe('a call while Twilio Lookup hangs', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  beforeAll(async () => {
    // Twilio's own requests may take 20 s before they count as failed; a caller cannot wait that long.
    ({ civicLine, twilioApi } = await startWithTwilioStandIn('voiceSlowLookup', { TWILIO_TIMEOUT_MS: '20000', CALLBACK_DISPATCH_SECONDS: '0' }));
  });
  afterAll(() => stopWithTwilioStandIn({ civicLine, twilioApi }));

  it('still hears the case number within Twilio\'s 15 s webhook limit, and still gets it by text', async () => {
    twilioApi.lookupBehaviour = 'hang';
    const caller = '+12895550791';
    const call = phoneCall(civicLine.app, caller);
    const started = Date.now();
    const { number, heard } = await reportByPhone(call);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(twilioApi.lookups).toContain(caller);
    expect(heard).toContain("I've also sent your case number to you by text message.");
    await waitFor(() => twilioApi.messages.some((m) => m.to === caller && m.body.includes(number)), 'the case number texted');
  }, 60_000);
});

describe('a language Twilio cannot speak (Urdu)', () => {
  let twilioApi: FakeTwilioApi;
  let civicLine: CivicLine;
  beforeAll(async () => {
    ({ civicLine, twilioApi } = await startWithTwilioStandIn(
      'voiceUrdu',
      { OPENING_HOURS: 'Mon-Sun 00:00-24:00', CALLBACK_DISPATCH_SECONDS: '0', VOICE_RECORDINGS_BASE_URL: 'https://media.elmhurst.example/voice/' },
      { contentRoot: contentRootWith('fr', 'ur') },
    ));
  });
  afterAll(() => stopWithTwilioStandIn({ civicLine, twilioApi }));

  it('is offered by name, then texts the menu in Urdu and plays the recorded prompt; keys and Urdu speech are heard', async () => {
    const caller = '+12895550761';
    const call = phoneCall(civicLine.app, caller);
    await call.start();
    const languages = await call.press('6');
    expect(heardText(languages)).toContain('For Urdu, press 3.');

    const urdu = await call.press('3');
    const gather = parseTwiml(urdu.twiml).children.find((c) => c.name === 'Gather');
    expect(gather?.attributes).toMatchObject({ input: 'dtmf speech', language: 'ur-PK', numDigits: '1' });
    expect(gather?.children).toEqual([expect.objectContaining({ name: 'Play', text: 'https://media.elmhurst.example/voice/ur/read-your-texts.mp3' })]);
    await waitFor(() => twilioApi.messages.some((m) => m.to === caller), 'the menu texted in Urdu');
    const [text] = twilioApi.messages.filter((m) => m.to === caller);
    expect(text.body).toContain('ٹھیک ہے، میں آپ سے اردو میں بات کروں گا۔');
    expect(text.body).toContain('1. مسئلے کی اطلاع دیں');

    await call.press('1');
    await waitFor(() => twilioApi.messages.filter((m) => m.to === caller).length === 2, 'the next question texted in Urdu');
  });

  it('on a landline, says in English that it cannot, and gives the city\'s number', async () => {
    const caller = '+19055550762';
    twilioApi.lineTypes.set(caller, 'landline');
    const call = phoneCall(civicLine.app, caller);
    await call.start();
    await call.press('6');
    const urdu = await call.press('3');
    expect(heardText(urdu)).toContain("Sorry, we can't speak your language on the phone yet, and your phone can't receive our text messages.");
    expect(heardText(urdu)).toContain('call 9 0 5, 5 5 5, 0 3 1 1');
    expect(await textsQueuedFor(civicLine, caller)).toEqual([]);
  });
});
