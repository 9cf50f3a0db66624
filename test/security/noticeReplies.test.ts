import { CivicLine } from '../../app/createCivicLine';
import { startWithTwilioStandIn, stopWithTwilioStandIn, TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { potholeReport } from '../support/reports';
import { waitFor } from '../support/waitFor';

/**
 * Replies to notices act only on the sender's own cases: the case is found from the sender's number (never from a
 * number in the message), so nobody can reopen or rate someone else's case, or answer a question they were not asked.
 */
describe('replies to notices: only a subscriber acts on their own case', () => {
  let started: { civicLine: CivicLine; twilioApi: FakeTwilioApi };
  beforeAll(async () => {
    started = await startWithTwilioStandIn('noticeRepliesSecurity');
  });
  afterAll(() => stopWithTwilioStandIn(started));

  async function closedCase(phone: string) {
    const opened = await started.civicLine.cases.open(potholeReport(phone));
    await started.civicLine.cases.moveStatus(opened.number, { status: 'closed', reason: 'fixed' }, { by: 'Alex Chen' });
    await waitFor(() => started.twilioApi.to(phone).length === 1, 'the closure notice');
    return opened.number;
  }

  it('a stranger naming the case number cannot reopen it', async () => {
    const number = await closedCase('+12895550801');
    const stranger = new TextingResident(started.civicLine, '+12895550899');

    expect(await stranger.say(`case ${number} is not fixed, still there`)).not.toContain('open again');
    expect(await stranger.say('not fixed')).not.toContain(number);

    const record = await started.civicLine.cases.findByNumber(number);
    expect(record?.status).toBe('closed');
    expect(record?.audit.some((a) => a.action === 'reopen')).toBe(false);
  });

  it('a stranger cannot answer the satisfaction question, and operators or odd scores are no answer', async () => {
    const number = await closedCase('+12895550802');
    const stranger = new TextingResident(started.civicLine, '+12895550898');
    await stranger.say('5');
    await stranger.say(`5 for case ${number}`);
    const subscriber = new TextingResident(started.civicLine, '+12895550802');
    for (const odd of ['{"$gt": ""}', '0', '6', '55', '-1', '4.5', '$ne']) expect(await subscriber.say(odd)).not.toContain('Thank you for rating');

    expect((await started.civicLine.cases.findByNumber(number))?.satisfaction).toEqual([]);
    expect(await started.civicLine.notices.satisfaction.perQueue()).toEqual([]);
  });

  it('a flood of scores from the subscriber stores one answer', async () => {
    const number = await closedCase('+12895550803');
    const subscriber = new TextingResident(started.civicLine, '+12895550803');
    const replies = await Promise.all(['5', '1', '3', '2', '4'].map((score) => subscriber.send(score)));
    expect(replies.every((r) => r.status === 200)).toBe(true);

    const answers = (await started.civicLine.cases.findByNumber(number))?.satisfaction ?? [];
    expect(answers).toHaveLength(1);
    expect((await started.civicLine.notices.satisfaction.perQueue()).find((q) => q.queue === 'roads')?.answers).toBe(1);
  });
});
