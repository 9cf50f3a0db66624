import { DatabaseLock } from '../storage/DatabaseLock';
import { CaseLocation, CaseRecord } from './CaseModel';
import { CaseService, NewReport } from './CaseService';
import { CategoryId } from './categories';
import { IndexEntry, GroupingIndex } from './GroupingIndex';
import { GROUPING_RULES } from './groupingRules';
import { lookupKeysOf, matchablePlace, placeDistance } from './casePlaceMatch';
import { isOpenStatus } from './statuses';

/** An open case that looks like the same problem as a new report. */
export interface GroupMatch {
  record: CaseRecord;
  metres: number;
  /** The resident reporting now is already subscribed to it. */
  yours: boolean;
}

/** What the check before the read-back found: the best match (if any), and every match that existed then. */
export interface GroupingCheck {
  match: GroupMatch | null;
  /** These cases were there when the resident was asked: submission never joins them without the resident's yes. */
  seen: string[];
}

export type SubmissionOutcome =
  /** A new case. */
  | 'opened'
  /** Added to a case opened after the resident's check ("someone reported this just before you"). */
  | 'joinedJustBefore'
  /** Added to the case the resident said yes to. */
  | 'joined'
  /** The resident was subscribed to the matching case already. */
  | 'alreadyReporter';

export interface Submission {
  outcome: SubmissionOutcome;
  record: CaseRecord;
}

interface Place {
  category: CategoryId;
  location: CaseLocation;
}

/**
 * One problem, one case. Before the read-back, `check` finds an open case of the same category close enough
 * (groupingRules) to offer to the resident. At submission, `submit` takes the category's grouping lock across
 * "find a match, else open", so residents reporting the same car in the same second, on any process and any
 * channel, end in one case: whoever was not offered it (it did not exist yet) is joined to it and told so.
 * A lock per category, not per cell: a match may sit in a neighbouring cell, and the index documents of a
 * category are written only under it. Submissions of one category take turns for a few milliseconds each.
 */
export class CaseGrouping {
  constructor(
    private readonly cases: CaseService,
    private readonly index: GroupingIndex,
    private readonly locks: DatabaseLock,
    /** CASE_GROUPING: false files every report as its own case (cases are still indexed, so it can be turned on). */
    private readonly enabled = true,
  ) {}

  /** The open cases that look like this report, nearest first; the resident's own cases are marked `yours`. */
  async matches(report: Place, reporterAddress: string): Promise<GroupMatch[]> {
    return (await this.look(report, reporterAddress, { skip: new Set(), first: false })).found;
  }

  /**
   * The cases filed close enough by place (`candidates`, nearest first), and of those not skipped, the ones still
   * open in this category (`found`) and the ones no longer (`stale`). Cases are read one at a time, nearest first,
   * and with `first` only until one is found: on FerretDB each read scans the cases collection.
   */
  private async look(report: Place, reporterAddress: string, options: { skip: Set<string>; first: boolean }): Promise<{ candidates: string[]; found: GroupMatch[]; stale: IndexEntry[] }> {
    const rule = GROUPING_RULES[report.category];
    if (!rule || !this.enabled) return { candidates: [], found: [], stale: [] };
    const place = matchablePlace(report.location);
    const near = (await this.index.lookup(report.category, lookupKeysOf(place, rule)))
      .map((entry) => ({ entry, metres: placeDistance(rule, place, entry.place) }))
      .filter((c): c is { entry: IndexEntry; metres: number } => c.metres !== null)
      .sort((a, b) => a.metres - b.metres || a.entry.number.localeCompare(b.entry.number));
    const found: GroupMatch[] = [];
    const stale: IndexEntry[] = [];
    for (const { entry, metres } of near) {
      if (options.skip.has(entry.number)) continue;
      const record = await this.cases.findByNumber(entry.number);
      if (!record || !isGroupable(record, report.category)) {
        stale.push(entry);
        continue;
      }
      found.push({ metres, record, yours: record.reporters.some((r) => r.address === reporterAddress) });
      if (options.first) break;
    }
    return { candidates: near.map((c) => c.entry.number), found, stale };
  }

  /**
   * What to tell the resident before the read-back: the nearest open case (theirs: never offered back, they are told
   * so). `seen`: every case filed close by then, so submission joins only a case opened after this check.
   */
  async check(report: Place, reporterAddress: string): Promise<GroupingCheck> {
    const { candidates, found } = await this.look(report, reporterAddress, { skip: new Set(), first: true });
    return { match: found[0] ?? null, seen: candidates };
  }

  /**
   * Files a report the resident confirmed as new: joined to a matching case they were not asked about (it was
   * opened after their check), else a new case. `seen`: the cases of their check, which they did not say yes to.
   */
  async submit(report: NewReport, seen: string[]): Promise<Submission> {
    return this.locks.runExclusive(`group:${report.category}`, async () => {
      const { found, stale } = await this.look(report, report.reporter.address, { skip: new Set(seen), first: false });
      if (stale.length > 0) await this.index.remove(report.category, stale);
      for (const match of found) {
        // This very submission opened it on an earlier try (a retried turn): it is the resident's own new case.
        if (match.record.submissionKey === report.submissionKey) return { outcome: 'opened', record: match.record };
        const joined = await this.cases.join(match.record.number, report);
        if (joined) return { outcome: joined.outcome === 'alreadyReporter' ? 'alreadyReporter' : 'joinedJustBefore', record: joined.record };
      }
      const record = await this.cases.open(report);
      await this.track(record);
      return { outcome: 'opened', record };
    });
  }

  /** The resident said yes to the case offered: their report joins it (a case closed meanwhile: filed as new). */
  async joinOffered(number: string, report: NewReport): Promise<Submission> {
    const joined = await this.cases.join(number, report);
    if (joined) return { outcome: joined.outcome, record: joined.record };
    return this.submit(report, [number]);
  }

  /**
   * Files a case in the grouping index (a new case; or after staff changed its category or reopened it).
   * Call under the category's lock (submit does); `trackExclusive` takes it.
   */
  private async track(record: CaseRecord): Promise<void> {
    if (!GROUPING_RULES[record.category]) return;
    await this.index.add(record.category, record.number, matchablePlace(record.location), record.createdAt);
  }

  /** For other parts (a category change, a reopening): makes the case findable for grouping again. */
  async trackExclusive(record: CaseRecord): Promise<void> {
    await this.locks.runExclusive(`group:${record.category}`, () => this.track(record));
  }
}

function isGroupable(record: CaseRecord, category: CategoryId): boolean {
  return record.category === category && !record.mergedInto && isOpenStatus(record.status);
}
