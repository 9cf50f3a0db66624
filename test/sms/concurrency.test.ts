import { CivicLine } from '../../app/createCivicLine';
import { SmsReply, startCivicLine, TextingResident } from '../support/civicLineHarness';
import { photoSource } from '../support/photos';

const ASK_LOCATION = 'Where is it?';
const READ_BACK = 'Please check: Pothole at';
const SOMETHING_WENT_WRONG = 'Sorry, something went wrong on our side.';
const UNAVAILABLE = 'Sorry, our system is briefly unavailable.';

const photo = (n: number) => ({
  url: `https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM${n}/Media/ME${n}`,
  contentType: 'image/jpeg',
});

function textOf(reply: SmsReply): string {
  expect(reply.status).toBe(200);
  return reply.replies.join('\n\n');
}

describe('texts that arrive at the same time', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('smsConcurrency');
  });
  afterAll(() => civicLine.close());

  /** The Twilio photos a case was filed with (it keeps CivicLine's own copies of them). */
  const photoSources = (stored: { photos: { url: string }[] } | null) => Promise.all((stored?.photos ?? []).map((p) => photoSource(civicLine, p.url)));

  /**
   * The resident is asked where the pothole is, and sends the address and a photo as two texts that reach the city
   * together. Both must land in the same report, whichever is handled first.
   */
  async function addressAndPhotoAtOnce(resident: TextingResident, address: string, picture: ReturnType<typeof photo>) {
    expect(await resident.say('pothole')).toContain(ASK_LOCATION);

    const [addressReply, photoReply] = await Promise.all([resident.send(address), resident.send('', [picture])]);
    const both = [textOf(addressReply), textOf(photoReply)];

    for (const text of both) {
      expect(text).not.toContain(SOMETHING_WENT_WRONG);
      expect(text).not.toContain(UNAVAILABLE);
      expect(text.length).toBeGreaterThan(0);
    }
    // Whichever came second, the dialog moved on from the address to the read-back, exactly once.
    expect(both.filter((t) => t.includes(READ_BACK))).toHaveLength(1);

    const summary = await resident.say('deep hole by the curb, cars swerve around it');
    expect(summary).toContain("I've added that to the description.");

    const done = await resident.say('YES');
    const number = /case number is (\d{8})/.exec(done)?.[1];
    expect(number).toBeDefined();
    return number!;
  }

  it('an address and a photo sent together while the bot waits for the location both end up in the case', async () => {
    const resident = new TextingResident(civicLine, '+12895551001');
    const addresses = ['123 Main St', '45 Elm St', '9 Oak St'];
    const numbers: string[] = [];
    for (const [i, address] of addresses.entries()) {
      const number = await addressAndPhotoAtOnce(resident, address, photo(i + 1));
      numbers.push(number);

      const stored = await civicLine.cases.findByNumber(number);
      expect(stored).toMatchObject({
        category: 'pothole',
        location: { text: address, kind: 'address' },
        description: 'pothole\ndeep hole by the curb, cars swerve around it',
        status: 'received',
      });
      expect(await photoSources(stored)).toEqual([photo(i + 1).url]);
      expect(stored!.reporters).toHaveLength(1);
      expect(stored!.reporters[0]).toMatchObject({ channel: 'sms', address: '+12895551001' });
    }

    // Three reports, three cases, newest first; and the conversation is not stuck in a report.
    expect((await civicLine.cases.listForReporter('+12895551001')).map((c) => c.number)).toEqual([...numbers].reverse());
    expect(await resident.say('pothole')).toContain(ASK_LOCATION);
  });

  it('several residents doing the same at the same time each get their own complete case', async () => {
    const residents = Array.from({ length: 5 }, (_, i) => new TextingResident(civicLine, `+1289555110${i}`));

    const numbers = await Promise.all(residents.map((r, i) => addressAndPhotoAtOnce(r, `${200 + i} King St`, photo(100 + i))));

    expect(new Set(numbers).size).toBe(residents.length);
    for (const [i, number] of numbers.entries()) {
      const stored = await civicLine.cases.findByNumber(number);
      expect(stored).toMatchObject({ location: { text: `${200 + i} King St` } });
      expect(await photoSources(stored)).toEqual([photo(100 + i).url]);
      expect(stored!.reporters[0].address).toBe(residents[i].phone);
    }
  });

  it('a photo and a YES sent together at the confirmation file one case, with the photo when it came first', async () => {
    const resident = new TextingResident(civicLine, '+12895551201');
    const summary = await resident.say("big pothole in front of 77 Queen St, it's wrecking tires");
    expect(summary).toContain('Pothole at 77 Queen St');
    expect(summary).toContain('No photos.');

    // The photo is sent first and the YES right after: Twilio may deliver them in either order.
    const [photoReply, yesReply] = await Promise.all([resident.send('', [photo(300)]), resident.send('yes')]);
    const texts = [textOf(photoReply), textOf(yesReply)].join('\n\n');
    expect(texts).not.toContain(SOMETHING_WENT_WRONG);

    const number = /case number is (\d{8})/.exec(texts)?.[1];
    expect(number).toBeDefined();
    const stored = await civicLine.cases.findByNumber(number!);
    expect(stored).toMatchObject({ location: { text: '77 Queen St' } });
    const photoText = textOf(photoReply);
    if (photoText.includes('Photo added')) {
      // Photo handled before YES: it went into the report that YES then filed.
      expect(photoText).toContain('Photo added (1 photo with your report)');
      expect(await photoSources(stored)).toEqual([photo(300).url]);
    } else {
      // YES handled first: the case was filed as read back, and the photo starts a new report instead of being lost.
      expect(photoText).toContain("What's the problem?");
      expect(stored!.photos).toEqual([]);
    }
    expect(await civicLine.cases.listForReporter('+12895551201')).toHaveLength(1);
  });

  it('20 residents texting at the same time each get replies about their own report', async () => {
    const residents = Array.from({ length: 20 }, (_, i) => new TextingResident(civicLine, `+1289555${String(2000 + i)}`));
    const addressOf = (i: number) => `${100 + i} Main St`;

    const summaries = await Promise.all(residents.map((r, i) => r.send(`big pothole in front of ${addressOf(i)}, it's wrecking tires`)));
    summaries.forEach((reply, i) => {
      const text = textOf(reply);
      expect(text).toContain(`Pothole at ${addressOf(i)}`);
      expect(text).toContain('Reply YES');
      // Nobody sees someone else's address.
      for (let j = 0; j < residents.length; j++) if (j !== i) expect(text).not.toContain(`Pothole at ${addressOf(j)}`);
    });

    const confirmations = await Promise.all(residents.map((r) => r.send('yes')));
    const numbers = confirmations.map((reply) => {
      const text = textOf(reply);
      expect(text).not.toContain(SOMETHING_WENT_WRONG);
      const number = /case number is (\d{8})/.exec(text)?.[1];
      expect(number).toBeDefined();
      return number!;
    });
    expect(new Set(numbers).size).toBe(20);

    for (const [i, number] of numbers.entries()) {
      const stored = await civicLine.cases.findByNumber(number);
      expect(stored).toMatchObject({ category: 'pothole', location: { text: addressOf(i) } });
      expect(stored!.reporters).toEqual([expect.objectContaining({ address: residents[i].phone })]);
      const mine = await civicLine.cases.listForReporter(residents[i].phone);
      expect(mine.map((c) => c.number)).toEqual([number]);
    }
  });
});
