import { TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { codeTextedTo } from '../support/verificationCodes';
import { waitFor } from '../support/waitFor';
import { Transcript, TranscriptPlayer } from './dialogHarness';

/** "A person when asked", in the same dialogs on every channel (the harness channel has no call transfer). */
const transcripts: Transcript[] = [
  {
    name: '"can I speak to someone" gets the number, the hours and the offer of a call-back',
    from: '+12895551001',
    steps: [['can I speak to someone', /reach the Town's service centre at 905-555-0311, Mon to Sun, all day\. Would you like someone to call you back\?\n1\. Yes, call me back\n2\. No, thanks/]],
  },
  {
    name: 'a call-back taken from a phone: when, what about, this number; the place in line and when to expect the call',
    from: '+12895551002',
    steps: [
      ['can someone call me back', /When should we call you\?\n1\. As soon as possible\n2\. /],
      ['1', 'In a few words, what is it about?'],
      ['my property tax bill', /Should we call you at 289-555-1002\?\n1\. Yes, this number\n2\. Another number/],
      // Over SMS the answer itself is the confirming text: no second one.
      ['yes', /Done: you're number \d+ in line for a call back to 289-555-1002\. Expect our call as soon as someone is free\.$/],
      ['call me back', /You're already in line for a call back to 289-555-1002: you're number \d+\./],
      ['my reports', /Call back about "my property tax bill" to 289-555-1002: you're number \d+ in line\./],
    ],
  },
  {
    name: 'declining the offer keeps the conversation going',
    from: '+12895551003',
    steps: [
      ['talk to a real person', /Would you like someone to call you back\?/],
      ['no thanks', 'OK. You can call us at 905-555-0311 during opening hours, or tell me what you need.'],
    ],
  },
  {
    name: '"talk to a person" in the middle of a report leaves it for a person',
    from: '+12895551005',
    steps: [
      ['there is a pothole', 'Where is it?'],
      ['agent please', /Would you like someone to call you back\?/],
    ],
  },
];

describe('call-back and person transcripts', () => {
  let player: TranscriptPlayer;
  let twilioApi: FakeTwilioApi;
  beforeAll(async () => {
    twilioApi = new FakeTwilioApi();
    // Always open, so transcripts read the same at any hour; the closed hours are tested over webhooks.
    player = await TranscriptPlayer.create('transcripts_people', { OPENING_HOURS: 'Mon-Sun 00:00-24:00', TWILIO_API_BASE_URL: await twilioApi.start(), TWILIO_LOOKUP_LINE_TYPE: 'false' });
  });
  afterAll(async () => {
    await player.close();
    await twilioApi.stop();
  });

  it.each(transcripts.map((t, i) => [t.name, t, i] as const))('%s', async (_name, transcript, i) => {
    await player.play(transcript, `+1289559${String(i).padStart(4, '0')}`);
  });

  it('a resident without a phone line gives a number, proves it with the code texted there, and is queued', async () => {
    const resident = new TextingResident(player.civicLine, 'webchat-user-7');
    expect(await resident.say('could someone give me a call about the noise by-law')).toMatch(/When should we call you\?/);
    expect(await resident.say('As soon as possible')).toContain('What number should we call?');
    expect(await resident.say('call me')).toContain("That doesn't look like a phone number.");
    await resident.say('(289) 555-1004');
    // Nothing is queued, and nothing but the code reaches the number, until the code comes back.
    const code = await codeTextedTo(twilioApi, '+12895551004');
    expect(await player.civicLine.callbacks.queue.activeFor('+12895551004')).toEqual([]);
    expect(twilioApi.to('+12895551004')).toHaveLength(1);
    expect(await resident.say(`${code.slice(0, 3)} ${code.slice(3)}`)).toMatch(/call back to 289-555-1004\. Expect our call as soon as someone is free\. We've also sent you a text to confirm\./);

    const [request] = await player.civicLine.callbacks.queue.activeFor('+12895551004');
    expect(request).toMatchObject({ phone: '+12895551004', topic: 'could someone give me a call about the noise by-law', locale: 'en', address: 'webchat-user-7', state: 'waiting' });
    expect(request.requestedAt).toBeInstanceOf(Date);
    await waitFor(() => twilioApi.to('+12895551004').length === 2, 'the confirming text');
    expect(twilioApi.to('+12895551004')[1]).toEqual(expect.objectContaining({ body: expect.stringMatching(/^Town of Elmhurst: you're number \d+ in line/) }));
  });

  it("links the request to the resident's open case, and then does not ask what it is about", async () => {
    await player.play(
      {
        name: 'files a case, then asks for a call back',
            from: '+12895551006',
        steps: [
          ['pothole at 9 Mill St, my front tire went right in', /Please check/],
          ['yes', /Your case number is \d{8}/],
          ['call me back', /When should we call you\?/],
          ['1', /Should we call you at 289-555-1006\?/],
          ['yes', /Done: you're number \d+ in line/],
        ],
      },
      '+12895551006',
    );
    const [filed] = await player.civicLine.cases.listForReporter('+12895551006');
    const [request] = await player.civicLine.callbacks.queue.activeFor('+12895551006');
    expect(request.caseNumber).toBe(filed.number);
  });
});
