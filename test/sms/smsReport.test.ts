import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine, TextingResident } from '../support/civicLineHarness';

describe('a resident reports a problem by text', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('smsReport');
  });
  afterAll(() => civicLine.close());

  it('files a pothole from one rich message with a photo, then confirms with YES', async () => {
    const resident = new TextingResident(civicLine, '+12895550001');
    const summary = await resident.say("big pothole in front of 123 Main St, it's wrecking tires", [
      { url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', contentType: 'image/jpeg' },
    ]);
    expect(summary).toContain('Pothole at 123 Main St');
    expect(summary).toContain('1 photo.');
    expect(summary).toContain('Reply YES');

    const done = await resident.say('yes');
    const number = /case number is (\d{8})/.exec(done)?.[1];
    expect(number).toBeDefined();
    expect(done).toContain('road crew');

    const stored = await civicLine.cases.findByNumber(number!);
    expect(stored).toMatchObject({
      category: 'pothole',
      queue: 'roads',
      severity: 1,
      status: 'received',
      location: { text: '123 Main St', kind: 'address' },
      description: "big pothole in front of 123 Main St, it's wrecking tires",
      photos: [{ contentType: 'image/jpeg' }],
    });
    expect(stored!.reporters[0]).toMatchObject({ channel: 'sms', address: '+12895550001' });
  });
});
