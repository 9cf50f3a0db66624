import { randomUUID } from 'node:crypto';
import { Database } from '../../db/Database';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { CaseModel, caseModel } from '../../cases/CaseModel';
import { CaseService, NewReport } from '../../cases/CaseService';
import { CaseGrouping } from '../../cases/CaseGrouping';
import { GroupingIndex } from '../../cases/GroupingIndex';
import { cellOf } from '../../understanding/places/geoCell';
import { testDatabaseUri } from '../support/database';
import { potholeReport } from '../support/reports';

let nextPhone = 0;

/** A pothole at 12 Oak St (as the place parser gives it) from a new phone, unless told otherwise. */
function report(overrides: Partial<NewReport> = {}): NewReport {
  const base = potholeReport(`+1289555${String(nextPhone++).padStart(4, '0')}`);
  const location = { text: '12 Oak St', kind: 'address' as const, street: 'Oak St', number: '12', lat: 43.906707, lng: -79.4379, known: true, cell: cellOf(43.906707, -79.4379) };
  return { ...base, location, ...overrides };
}

describe('joining a report to a case', () => {
  let database: Database;
  let cases: CaseModel;
  let service: CaseService;
  let grouping: CaseGrouping;

  beforeAll(async () => {
    database = await Database.connect(testDatabaseUri('caseGrouping'));
    cases = caseModel(database.connection);
    await cases.init();
    const lock = new DatabaseLock(database.connection);
    service = new CaseService(cases, lock);
    grouping = new CaseGrouping(service, new GroupingIndex(database.connection), lock);
  });
  afterAll(() => database.close());

  it('adds evidence, a subscriber, the count, a priority and an audit entry; a retried submission changes nothing twice', async () => {
    const opened = await grouping.submit(report(), []);
    expect(opened.outcome).toBe('opened');
    const second = report({ description: 'same pothole, wider now', photos: [{ url: 'https://example.test/p.jpg', contentType: 'image/jpeg' }] });
    const joined = await grouping.joinOffered(opened.record.number, second);
    expect(joined.outcome).toBe('joined');
    expect(await grouping.joinOffered(opened.record.number, second)).toMatchObject({ outcome: 'joined' });
    const third = await grouping.joinOffered(opened.record.number, report());
    const record = third.record;
    expect(record.reporterCount).toBe(3);
    expect(record.reporters).toHaveLength(3);
    expect(record.evidence.map((e) => e.description)).toEqual(['deep pothole in the right lane', 'same pothole, wider now', 'deep pothole in the right lane']);
    expect(record.evidence[1].photos).toEqual([{ url: 'https://example.test/p.jpg', contentType: 'image/jpeg' }]);
    expect(record.audit.map((a) => a.action)).toEqual(['open', 'join', 'join']);
    // A pothole is severity 2; three reporters raise it one level.
    expect(record.priority).toBe(1);
  });

  it('a resident already subscribed adds their words but is not counted twice', async () => {
    const first = report({ location: { ...report().location, text: '40 Oak St', number: '40', lat: 43.908687, cell: cellOf(43.908687, -79.4379) } });
    const opened = await grouping.submit(first, []);
    const again = await service.join(opened.record.number, { ...first, submissionKey: randomUUID(), description: 'still there' });
    expect(again?.outcome).toBe('alreadyReporter');
    expect(again?.record.reporterCount).toBe(1);
    expect(again?.record.evidence).toHaveLength(2);
  });

  it('a join reaches the case a case was merged into; a closed case takes no join and the report opens a new case', async () => {
    const target = (await grouping.submit(report({ location: { text: 'Acorn Lane & Birch Rd', kind: 'intersection', street: 'Acorn Lane', crossStreet: 'Birch Rd' } }), [])).record;
    const merged = (await grouping.submit(report({ location: { text: 'the old mill', kind: 'landmark', landmark: 'the old mill' } }), [])).record;
    await cases.updateOne({ _id: merged.number }, { $set: { mergedInto: target.number } });
    const joined = await service.join(merged.number, report());
    expect(joined?.record.number).toBe(target.number);
    expect(joined?.record.reporterCount).toBe(2);

    await service.changeStatus(target.number, 'closed');
    expect(await service.join(target.number, report())).toBeNull();
    const filed = await grouping.joinOffered(target.number, report({ location: target.location }));
    expect(filed.outcome).toBe('opened');
    expect(filed.record.number).not.toBe(target.number);
  });

  it('finds the same problem across channels and offers neither a merged nor a closed case', async () => {
    const place = { text: '7 Acorn Lane', kind: 'address' as const, street: 'Acorn Lane', number: '7', known: false };
    const chat = report({ location: place, reporter: { ...report().reporter, channel: 'webchat', address: 'web-user-1' } });
    const opened = (await grouping.submit(chat, [])).record;
    const check = await grouping.check({ category: 'pothole', location: { ...place, number: '9' } }, '+12895559999');
    expect(check.match?.record.number).toBe(opened.number);
    expect(check.match?.yours).toBe(false);
    expect((await grouping.check({ category: 'pothole', location: place }, 'web-user-1')).match?.yours).toBe(true);
    await cases.updateOne({ _id: opened.number }, { $set: { mergedInto: '00000000' } });
    expect((await grouping.check({ category: 'pothole', location: place }, '+12895559999')).match).toBeNull();
  });
});
