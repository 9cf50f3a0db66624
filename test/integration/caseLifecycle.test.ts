import { CivicLine } from '../../app/createCivicLine';
import { startWithTwilioStandIn, stopWithTwilioStandIn, TextingResident } from '../support/civicLineHarness';
import { FakeTwilioApi } from '../support/fakeTwilioApi';
import { joinReporter, potholeReport, STAFF_ENV, staffApi } from '../support/staffCases';
import { waitFor } from '../support/waitFor';

/**
 * The case lifecycle as staff drive it through the API, and what residents receive from it through the outbox and
 * the local Twilio stand-in: each change once per subscriber, in their language; internal notes never.
 */
describe('case lifecycle: staff move a case to closure and every subscriber is told once', () => {
  let started: { civicLine: CivicLine; twilioApi: FakeTwilioApi };
  let civicLine: CivicLine;
  let twilio: FakeTwilioApi;
  beforeAll(async () => {
    started = await startWithTwilioStandIn('caseLifecycle', STAFF_ENV);
    ({ civicLine, twilioApi: twilio } = started);
  });
  afterAll(() => stopWithTwilioStandIn(started));

  const sam = () => staffApi(civicLine, 'sam');
  const texts = (phone: string) => twilio.to(phone).map((m) => m.body);
  const settle = () => waitFor(async () => (await civicLine.outbox.pendingCount()) === 0, 'the outbox is empty');

  it('walks a case through in_progress to closed (reason required) and tells each subscriber each change once, in their language', async () => {
    const opened = await civicLine.cases.open(potholeReport('+12895551001'));
    await joinReporter(civicLine, opened.number, potholeReport('+12895551002', 'fr'));

    const moved = await sam().post(`/api/staff/cases/${opened.number}/status`, { status: 'in_progress', note: 'Crew on site', public: true, revision: 0 });
    expect(moved.status).toBe(200);
    expect(moved.body.case).toMatchObject({ status: 'in_progress', revision: 1 });

    const noReason = await sam().post(`/api/staff/cases/${opened.number}/status`, { status: 'closed' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toContain('body.reason');

    const closed = await sam().post(`/api/staff/cases/${opened.number}/status`, { status: 'closed', reason: 'fixed', revision: 1 });
    expect(closed.status).toBe(200);
    expect(closed.body.case).toMatchObject({ status: 'closed', closureReason: 'fixed' });
    expect(closed.body.case.history.map((h: { status: string; by: string | null }) => [h.status, h.by])).toEqual([
      ['received', null],
      ['in_progress', 'sam'],
      ['closed', 'sam'],
    ]);
    expect(closed.body.case.audit.map((a: { action: string; by: string }) => `${a.by}:${a.action}`)).toEqual(['resident:open', 'sam:status', 'sam:status']);

    await waitFor(() => twilio.to('+12895551001').length === 2 && twilio.to('+12895551002').length === 2, 'two notices each');
    await settle();
    const [progress, closure] = texts('+12895551001');
    expect(progress).toContain('Work in progress');
    expect(progress).toContain('Note from staff: Crew on site');
    expect(closure).toContain('Closed');
    expect(closure).toContain('The problem was fixed.');
    expect(texts('+12895551002')[1]).toContain('Le problème a été réglé.');
    expect(texts('+12895551001')).toHaveLength(2);
  });

  it('refuses moves the lifecycle does not allow, and reopens a closed case only to received', async () => {
    const opened = await civicLine.cases.open(potholeReport('+12895551011'));
    expect((await sam().post(`/api/staff/cases/${opened.number}/status`, { status: 'received' })).status).toBe(400);
    expect((await sam().post(`/api/staff/cases/${opened.number}/status`, { status: 'in_progress', reason: 'fixed' })).body.fields).toEqual(['body.reason']);
    await sam().post(`/api/staff/cases/${opened.number}/status`, { status: 'closed', reason: 'could_not_locate' }).expect(200);
    const toWork = await sam().post(`/api/staff/cases/${opened.number}/status`, { status: 'in_progress' });
    expect(toWork.status).toBe(400);
    expect(toWork.body.error).toContain('cannot move');
    const reopened = await sam().post(`/api/staff/cases/${opened.number}/status`, { status: 'received', note: 'Resident called: still there' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.case).toMatchObject({ status: 'received', closureReason: null });
    expect(reopened.body.case.audit.at(-1)).toMatchObject({ by: 'sam', action: 'reopen' });
    // The note was internal (no public flag): kept for staff, not in the residents' notice.
    expect(reopened.body.case.notes).toEqual([expect.objectContaining({ text: 'Resident called: still there', public: false, by: 'sam' })]);
    await waitFor(() => twilio.to('+12895551011').length === 2, 'closure and reopening notices');
    expect(texts('+12895551011')[1]).not.toContain('still there');
  });

  it('sends a public note to every subscriber exactly once, and an internal note to nobody', async () => {
    const opened = await civicLine.cases.open(potholeReport('+12895551021'));
    await joinReporter(civicLine, opened.number, potholeReport('+12895551022', 'fr'));

    const internal = await sam().post(`/api/staff/cases/${opened.number}/notes`, { text: 'Caller is the property owner' });
    expect(internal.status).toBe(200);
    const shared = await sam().post(`/api/staff/cases/${opened.number}/notes`, { text: 'Crew booked for Thursday', public: true });
    expect(shared.body.case.notes.map((n: { public: boolean }) => n.public)).toEqual([false, true]);

    await waitFor(() => twilio.to('+12895551021').length === 1 && twilio.to('+12895551022').length === 1, 'the public note reached both');
    // The sweep of owed notices runs again: nothing is sent twice.
    await new Promise((r) => setTimeout(r, 6000));
    await settle();
    expect(texts('+12895551021')).toEqual([expect.stringContaining('Crew booked for Thursday')]);
    expect(texts('+12895551022')).toEqual([expect.stringContaining('Mise à jour de votre signalement')]);
    expect([...texts('+12895551021'), ...texts('+12895551022')].join()).not.toContain('property owner');
  }, 30000);

  it('changes the category: the queue, service standard and severity follow', async () => {
    const opened = await civicLine.cases.open(potholeReport('+12895551031'));
    const changed = await sam().post(`/api/staff/cases/${opened.number}/category`, { category: 'abandoned_vehicle' });
    expect(changed.status).toBe(200);
    expect(changed.body.case).toMatchObject({ category: 'abandoned_vehicle', queue: 'bylaw', severity: 3 });
    expect(new Date(changed.body.case.expectedBy).getTime() - opened.createdAt.getTime()).toBe(10 * 24 * 3600 * 1000);
    expect(changed.body.case.audit.at(-1)).toMatchObject({ action: 'category', by: 'sam', details: { from: 'pothole', to: 'abandoned_vehicle', queue: 'bylaw' } });
    const assigned = await sam().post(`/api/staff/cases/${opened.number}/assign`, { assignee: 'bylaw-crew-2' });
    expect(assigned.body.case.assignee).toBe('bylaw-crew-2');
  });

  it('merges case A into B: subscribers, photos and descriptions carry over, A answers "merged into B"', async () => {
    const a = await civicLine.cases.open({ ...potholeReport('+12895551041'), description: 'car with no plates', photos: [{ url: 'https://civicline.example.test/staff/photos/MMa-0', contentType: 'image/jpeg' }] });
    await joinReporter(civicLine, a.number, { ...potholeReport('+12895551042', 'fr'), description: 'voiture abandonnée' });
    const b = await civicLine.cases.open({ ...potholeReport('+12895551043'), description: 'abandoned car on the lot' });

    const merged = await sam().post(`/api/staff/cases/${a.number}/merge`, { into: b.number });
    expect(merged.status).toBe(200);
    expect(merged.body.merged).toMatchObject({ mergedInto: b.number, status: 'closed', closureReason: 'duplicate', allowedMoves: [] });
    expect(merged.body.into.reporterCount).toBe(3);
    expect(merged.body.into.subscribers.map((s: { address: string }) => s.address).sort()).toEqual(['+12895551041', '+12895551042', '+12895551043']);
    expect(merged.body.into.evidence.map((e: { description: string }) => e.description)).toEqual(['abandoned car on the lot', 'car with no plates', 'voiture abandonnée']);
    expect(merged.body.into.evidence[1].photos).toEqual([{ contentType: 'image/jpeg', link: expect.stringMatching(/\/staff\/photos\/MMa-0\?expires=\d+&sig=/) }]);
    expect(merged.body.into.audit.at(-1)).toMatchObject({ action: 'merge', by: 'sam', details: { from: a.number } });

    // A is closed as a duplicate: its subscribers are told where the work goes on.
    await waitFor(() => twilio.to('+12895551041').length === 1 && twilio.to('+12895551042').length === 1, 'closure notices of A');
    expect(texts('+12895551041')[0]).toContain(`part of case ${b.number}`);
    expect(texts('+12895551042')[0]).toContain(`dossier ${b.number}`);

    // Changes to A are refused; a status look-up of A answers "merged into B".
    expect((await sam().post(`/api/staff/cases/${a.number}/notes`, { text: 'late note' })).status).toBe(409);
    const stranger = new TextingResident(civicLine, '+12895551049');
    const answer = await stranger.say(`status ${a.number}`);
    expect(answer).toContain(`Case ${a.number} was joined to case ${b.number}`);
    expect(answer).toContain(`Case ${b.number}`);

    // Later changes to B reach A's subscribers too.
    await sam().post(`/api/staff/cases/${b.number}/status`, { status: 'scheduled' }).expect(200);
    await waitFor(() => ['+12895551041', '+12895551042', '+12895551043'].every((p) => texts(p).some((t) => t.includes(b.number) && /Scheduled|Planifié/.test(t))), 'B reaches all three');
  });

  it('splits a wrongly joined report back out into a new case with its reporter', async () => {
    const opened = await civicLine.cases.open(potholeReport('+12895551051'));
    await joinReporter(civicLine, opened.number, { ...potholeReport('+12895551052'), description: 'a different hole, two blocks away' });

    const split = await sam().post(`/api/staff/cases/${opened.number}/split`, { evidenceIndex: 1 });
    expect(split.status).toBe(200);
    expect(split.body.from).toMatchObject({ reporterCount: 1 });
    expect(split.body.from.evidence).toHaveLength(1);
    expect(split.body.created).toMatchObject({ category: 'pothole', reporterCount: 1, description: 'a different hole, two blocks away' });
    expect(split.body.created.subscribers.map((s: { address: string }) => s.address)).toEqual(['+12895551052']);
    expect(split.body.created.audit.at(-1)).toMatchObject({ action: 'split', by: 'sam', details: { from: opened.number } });
    await waitFor(() => texts('+12895551052').some((t) => t.includes(split.body.created.number)), 'the split reporter is told their new number');
    expect((await sam().post(`/api/staff/cases/${opened.number}/split`, { evidenceIndex: 1 })).status).toBe(400);
  });

  it('two staff closing and reopening at once against the same revision: one wins, the other gets 409, no history lost', async () => {
    const opened = await civicLine.cases.open(potholeReport('+12895551061'));
    await sam().post(`/api/staff/cases/${opened.number}/status`, { status: 'resolved' }).expect(200);
    const lee = staffApi(civicLine, 'lee');
    const [close, reopen] = await Promise.all([
      sam().post(`/api/staff/cases/${opened.number}/status`, { status: 'closed', reason: 'fixed', revision: 1 }),
      lee.post(`/api/staff/cases/${opened.number}/status`, { status: 'received', note: 'not done', revision: 1 }),
    ]);
    expect([close.status, reopen.status].sort()).toEqual([200, 409]);
    const loser = close.status === 409 ? close : reopen;
    expect(loser.body.error).toMatch(/changed since revision 1/);
    const record = (await civicLine.cases.findByNumber(opened.number))!;
    expect(record.history.map((h) => h.status)).toEqual(['received', 'resolved', close.status === 200 ? 'closed' : 'received']);
    expect(record.revision).toBe(2);
    expect(record.audit).toHaveLength(3);
  });
});
