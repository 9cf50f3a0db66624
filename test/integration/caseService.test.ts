import { randomUUID } from 'node:crypto';
import { Database } from '../../db/Database';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { CaseModel, caseModel, MAX_DESCRIPTION_LENGTH } from '../../cases/CaseModel';
import { CaseService, NewReport } from '../../cases/CaseService';
import { CategoryId, getCategory } from '../../cases/categories';
import * as caseNumbers from '../../cases/caseNumber';
import { isValidCaseNumber } from '../../cases/caseNumber';
import { testDatabaseUri } from '../support/database';
import { potholeReport } from '../support/reports';

// The real generator, wrapped so one test can make it draw a number that is already taken.
jest.mock('../../cases/caseNumber', () => {
  const actual = jest.requireActual<typeof import('../../cases/caseNumber')>('../../cases/caseNumber');
  return { ...actual, generateCaseNumber: jest.fn(actual.generateCaseNumber) };
});
const generateCaseNumber = caseNumbers.generateCaseNumber as jest.MockedFunction<typeof caseNumbers.generateCaseNumber>;

const DAY_MS = 24 * 60 * 60 * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function report(overrides: Partial<NewReport> = {}): NewReport {
  return { ...potholeReport(overrides.reporter?.address), ...overrides };
}

describe('CaseService', () => {
  let uri: string;
  let database: Database;
  let cases: CaseModel;
  let service: CaseService;

  beforeAll(async () => {
    uri = testDatabaseUri('caseService');
    database = await Database.connect(uri);
    cases = caseModel(database.connection);
    // As the composition root does: the unique indexes exist before the first case is opened.
    await cases.init();
    service = new CaseService(cases, new DatabaseLock(database.connection));
  });
  afterAll(() => database.close());

  describe('opening a case', () => {
    it('gives an 8-digit case number with a valid check digit, routed to the category queue, received, with one history entry', async () => {
      const clockTime = new Date('2026-03-02T14:30:00.000Z');
      const clocked = new CaseService(cases, new DatabaseLock(database.connection), () => clockTime);
      const opened = await clocked.open(report({ photos: [{ url: 'https://api.twilio.com/Media/ME1', contentType: 'image/jpeg' }] }));

      expect(opened.number).toMatch(/^\d{8}$/);
      expect(isValidCaseNumber(opened.number)).toBe(true);
      expect(opened).toMatchObject({
        category: 'pothole',
        queue: 'roads',
        severity: 2,
        status: 'received',
        location: { text: '123 Main St', kind: 'address' },
        description: 'deep pothole in the right lane',
        photos: [{ url: 'https://api.twilio.com/Media/ME1', contentType: 'image/jpeg' }],
      });
      expect(opened.statusChangedAt).toEqual(clockTime);
      expect(opened.expectedBy).toEqual(new Date(clockTime.getTime() + 4 * DAY_MS));
      expect(opened.history).toEqual([{ status: 'received', at: clockTime }]);
      expect(opened.reporters).toHaveLength(1);
      expect(opened.reporters[0]).toMatchObject({ channel: 'sms', address: '+12895550100', locale: 'en', reportedAt: clockTime });

      // And what a later look-up by number shows is the same case.
      const found = await service.findByNumber(opened.number);
      expect(found).toMatchObject({ number: opened.number, queue: 'roads', status: 'received', expectedBy: opened.expectedBy });
      expect(found!.history).toHaveLength(1);
    });

    it.each<[CategoryId, string, number]>([
      ['pothole', 'roads', 4],
      ['streetlight', 'streetlighting', 10],
      ['missed_collection', 'waste', 2],
      ['sewer_flooding', 'water', 1],
      ['graffiti', 'bylaw', 10],
    ])('routes a %s report to the %s queue, expected done %i days after it was created', async (category, queue, days) => {
      expect(getCategory(category)).toMatchObject({ queue, targetDays: days });
      const opened = await service.open(report({ category }));

      expect(opened.queue).toBe(queue);
      const createdAt = new Date(opened.createdAt).getTime();
      expect(Math.abs(new Date(opened.expectedBy).getTime() - (createdAt + days * DAY_MS))).toBeLessThan(5000);
    });

    it('raises the severity of an urgent report by one level, never beyond the most urgent', async () => {
      expect((await service.open(report({ category: 'pothole', urgent: false }))).severity).toBe(2);
      expect((await service.open(report({ category: 'pothole', urgent: true }))).severity).toBe(1);
      expect((await service.open(report({ category: 'graffiti', urgent: true }))).severity).toBe(2);
      expect((await service.open(report({ category: 'traffic_signal', urgent: true }))).severity).toBe(1);
    });

    it('returns the same case when the same submission arrives twice, instead of opening a duplicate', async () => {
      const submission = report({ submissionKey: `dialog-${randomUUID()}` });
      const first = await service.open(submission);
      const again = await service.open({ ...submission, description: 'sent twice' });

      expect(again.number).toBe(first.number);
      expect(again.description).toBe(first.description);
      expect(await cases.countDocuments({ submissionKey: submission.submissionKey })).toBe(1);
    });

    it('opens one case when the same submission races itself', async () => {
      const submission = report({ submissionKey: `race-${randomUUID()}` });
      const opened = await Promise.all(Array.from({ length: 5 }, () => service.open(submission)));

      expect(new Set(opened.map((c) => c.number)).size).toBe(1);
      expect(await cases.countDocuments({ submissionKey: submission.submissionKey })).toBe(1);
    });

    it('gives 50 cases opened at the same time 50 distinct valid numbers', async () => {
      const opened = await Promise.all(Array.from({ length: 50 }, (_, i) => service.open(report({ description: `crack number ${i}` }))));

      const numbers = opened.map((c) => c.number);
      expect(new Set(numbers).size).toBe(50);
      expect(numbers.every(isValidCaseNumber)).toBe(true);
      expect(await cases.countDocuments({ number: { $in: numbers } })).toBe(50);
      // Each number leads to its own report.
      const found = await Promise.all(numbers.map((n) => service.findByNumber(n)));
      expect(found.map((c) => c?.description).sort()).toEqual(opened.map((c) => c.description).sort());
    });

    it('draws another number when the one drawn is already taken, leaving the existing case untouched', async () => {
      const existing = await service.open(report({ description: 'the first case with this number' }));
      const fresh = generateCaseNumber.getMockImplementation()!();
      generateCaseNumber.mockReturnValueOnce(existing.number).mockReturnValueOnce(existing.number).mockReturnValueOnce(fresh);

      const opened = await service.open(report({ description: 'a second, different problem' }));

      expect(opened.number).toBe(fresh);
      expect(opened.description).toBe('a second, different problem');
      expect(await service.findByNumber(existing.number)).toMatchObject({ description: 'the first case with this number' });
      expect(await cases.countDocuments({ number: existing.number })).toBe(1);
    });

    it('fails loudly rather than loop forever when every number drawn is taken', async () => {
      const existing = await service.open(report());
      generateCaseNumber.mockReturnValue(existing.number);
      try {
        const submission = report();
        await expect(service.open(submission)).rejects.toThrow(/case number/);
        expect(await cases.countDocuments({ submissionKey: submission.submissionKey })).toBe(0);
      } finally {
        generateCaseNumber.mockImplementation(jest.requireActual<typeof caseNumbers>('../../cases/caseNumber').generateCaseNumber);
      }
    });
  });

  describe('looking cases up', () => {
    it("lists only this phone's cases, newest first", async () => {
      const mine = '+12895550201';
      const neighbour = '+12895550202';
      const opened: string[] = [];
      for (const [i, phone] of [mine, neighbour, mine, mine, neighbour].entries()) {
        const c = await service.open(report({ description: `report ${i}`, reporter: { ...report().reporter, address: phone } }));
        if (phone === mine) opened.push(c.number);
        await sleep(15); // distinct creation times
      }

      const listed = await service.listForReporter(mine);

      expect(listed.map((c) => c.number)).toEqual([...opened].reverse());
      expect(listed.every((c) => c.reporters.some((r) => r.address === mine))).toBe(true);
      expect(await service.listForReporter('+12895550299')).toEqual([]);
      expect((await service.listForReporter(mine, 2)).map((c) => c.number)).toEqual([opened[2], opened[1]]);
    });

    it("orders a crew's queue by severity, then oldest first, leaving out resolved and closed cases", async () => {
      const queueService = new CaseService(cases, new DatabaseLock(database.connection));
      // The roads queue of a city with only these reports: use a dedicated queue by clearing earlier test cases.
      await cases.deleteMany({ queue: 'roads' });
      const oldNormal = await queueService.open(report({ category: 'sidewalk', description: 'old sidewalk crack' })); // 3
      await sleep(15);
      const oldHigh = await queueService.open(report({ category: 'pothole', description: 'old pothole' })); // 2
      await sleep(15);
      const resolved = await queueService.open(report({ category: 'pothole', urgent: true, description: 'fixed already' })); // 1
      await sleep(15);
      const urgent = await queueService.open(report({ category: 'pothole', urgent: true, description: 'car-sized pothole' })); // 1
      await sleep(15);
      const newHigh = await queueService.open(report({ category: 'snow_ice', description: 'icy hill' })); // 2
      await sleep(15);
      const closed = await queueService.open(report({ category: 'pothole', description: 'duplicate report' }));
      await sleep(15);
      const inProgress = await queueService.open(report({ category: 'sidewalk', description: 'lifted slab' })); // 3
      await queueService.open(report({ category: 'streetlight', description: 'other crew' }));

      await queueService.changeStatus(resolved.number, 'resolved');
      await queueService.changeStatus(closed.number, 'closed');
      await queueService.changeStatus(inProgress.number, 'in_progress');

      const roads = await queueService.queue('roads');

      expect(roads.map((c) => c.description)).toEqual([
        urgent.description,
        oldHigh.description,
        newHigh.description,
        oldNormal.description,
        inProgress.description,
      ]);
      expect(roads.every((c) => c.queue === 'roads')).toBe(true);
    });

    it('keeps a description up to MAX_DESCRIPTION_LENGTH and refuses a longer one', async () => {
      const longest = 'x'.repeat(MAX_DESCRIPTION_LENGTH);
      expect((await service.open(report({ description: longest }))).description).toBe(longest);
      await expect(service.open(report({ description: `${longest}x` }))).rejects.toThrow(/description/);
    });

    it("keeps assigned and scheduled cases in the crew's queue but not referred ones (another agency does that work)", async () => {
      const queueService = new CaseService(cases, new DatabaseLock(database.connection));
      await cases.deleteMany({ queue: getCategory('tree').queue });
      const opened = [];
      for (const status of ['assigned', 'scheduled', 'referred'] as const) {
        const found = await queueService.open(report({ category: 'tree', description: `tree ${status}` }));
        await queueService.changeStatus(found.number, status);
        opened.push(found);
      }

      const forestry = await queueService.queue(opened[0].queue);

      expect(forestry.map((c) => c.description).sort()).toEqual(['tree assigned', 'tree scheduled']);
    });
  });

  describe('changing a status', () => {
    it('updates the status and its time, and appends the change with the staff note to the history', async () => {
      let now = new Date('2026-04-01T09:00:00.000Z');
      const clocked = new CaseService(cases, new DatabaseLock(database.connection), () => now);
      const opened = await clocked.open(report());

      now = new Date('2026-04-01T13:15:00.000Z');
      const assigned = await clocked.changeStatus(opened.number, 'assigned', 'Crew 7 will attend tomorrow');
      now = new Date('2026-04-02T10:00:00.000Z');
      const inProgress = await clocked.changeStatus(opened.number, 'in_progress');

      expect(assigned).toMatchObject({ status: 'assigned', statusChangedAt: new Date('2026-04-01T13:15:00.000Z') });
      expect(inProgress).toMatchObject({ status: 'in_progress', statusChangedAt: new Date('2026-04-02T10:00:00.000Z') });
      const stored = await clocked.findByNumber(opened.number);
      expect(stored).toMatchObject({ status: 'in_progress', statusChangedAt: new Date('2026-04-02T10:00:00.000Z') });
      expect(stored!.history).toEqual([
        { status: 'received', at: new Date('2026-04-01T09:00:00.000Z') },
        { status: 'assigned', at: new Date('2026-04-01T13:15:00.000Z'), note: 'Crew 7 will attend tomorrow' },
        { status: 'in_progress', at: new Date('2026-04-02T10:00:00.000Z') },
      ]);
      // What the resident was promised does not move with status changes.
      expect(stored!.expectedBy).toEqual(new Date(new Date('2026-04-01T09:00:00.000Z').getTime() + 4 * DAY_MS));
    });

    it('keeps every change when staff change the same case at the same moment, from two processes', async () => {
      const otherProcess = await Database.connect(uri);
      try {
        const elsewhere = new CaseService(caseModel(otherProcess.connection), new DatabaseLock(otherProcess.connection));
        for (let round = 0; round < 3; round++) {
          const opened = await service.open(report());
          const changes: Array<[CaseService, 'assigned' | 'scheduled' | 'in_progress' | 'referred', string]> = [
            [service, 'assigned', 'crew 7'],
            [elsewhere, 'scheduled', 'booked for Monday'],
            [service, 'in_progress', 'crew on site'],
            [elsewhere, 'referred', 'passed to the region'],
          ];
          await Promise.all(changes.map(([s, status, note]) => s.changeStatus(opened.number, status, note)));

          const stored = await service.findByNumber(opened.number);
          expect(stored!.history).toHaveLength(5);
          expect(stored!.history.map((h) => h.note).filter(Boolean).sort()).toEqual(changes.map(([, , note]) => note).sort());
          // The current status is the last change recorded, not some other one.
          expect(stored!.status).toBe(stored!.history[4].status);
          expect(stored!.statusChangedAt).toEqual(stored!.history[4].at);
        }
      } finally {
        await otherProcess.close();
      }
    });

    it('returns null for a case number that does not exist and creates nothing', async () => {
      const before = await cases.countDocuments();
      expect(await service.changeStatus('00000000', 'closed', 'no such case')).toBeNull();
      expect(await cases.countDocuments()).toBe(before);
    });
  });
});
