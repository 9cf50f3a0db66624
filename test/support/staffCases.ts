import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { CaseRecord, Evidence, Reporter } from '../../cases/CaseModel';
import { NewReport } from '../../cases/CaseService';
import { potholeReport } from './reports';

/** Staff of the case API tests: ann works roads, bob bylaw; sam is a supervisor, lee an admin; legacy names nobody. */
export const STAFF = {
  ann: 'ann-agent-token-0123456789',
  bob: 'bob-agent-token-0123456789',
  sam: 'sam-supervisor-token-0123456789',
  lee: 'lee-admin-token-0123456789',
  legacy: 'legacy-supervisor-token-0123456789',
};
export type StaffName = keyof typeof STAFF;

export const STAFF_ENV = {
  STAFF_API_TOKENS: [`agent:ann:${STAFF.ann}`, `agent:bob:${STAFF.bob}`, `supervisor:sam:${STAFF.sam}`, `admin:lee:${STAFF.lee}`, `supervisor:${STAFF.legacy}`].join(','),
  STAFF_QUEUES: 'ann:roads;bob:bylaw|waste',
  STAFF_RATE_LIMIT_PER_MINUTE: '100000',
};

/** The staff API as one staff member (or nobody) calls it. */
export function staffApi(civicLine: CivicLine, who?: StaffName) {
  const auth = <T extends request.Test>(call: T): T => (who ? call.set('Authorization', `Bearer ${STAFF[who]}`) : call);
  return {
    get: (path: string) => auth(request(civicLine.app).get(path)),
    post: (path: string, body: unknown) => auth(request(civicLine.app).post(path)).send(body as object),
  };
}

/** Another resident's report joined to a case, as grouping joins it: a subscriber and an evidence entry. */
export async function joinReporter(civicLine: CivicLine, number: string, report: NewReport, at = new Date()): Promise<CaseRecord> {
  const reporter: Reporter = { ...report.reporter, reportedAt: at };
  const evidence: Evidence = { description: report.description, photos: report.photos, channel: report.reporter.channel, locale: report.reporter.locale, reportedAt: at };
  await civicLine.database.connection
    .collection('cases')
    .updateOne({ _id: number as never }, { $push: { reporters: reporter, evidence } as never, $inc: { reporterCount: 1 } });
  return (await civicLine.cases.findByNumber(number))!;
}

export { potholeReport };
