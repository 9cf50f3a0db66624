import { TurnContext } from 'botbuilder';
import { CaseRecord } from '../cases/CaseModel';
import { CaseService } from '../cases/CaseService';
import { CASE_NUMBER_LENGTH, isValidCaseNumber } from '../cases/caseNumber';
import { isOpenStatus } from '../cases/statuses';
import { turnLanguage } from '../i18n/TurnLanguage';
import { PermitStatus, PermitStatusProvider } from '../permits/PermitStatusProvider';
import { CallbackSummary } from './CallbackSummary';
import { isTargetKey, LookupLimits } from './LookupLimits';
import { PlaceReader } from '../understanding/Understanding';

/** A look-up's answer, or the second fact it needs first. */
export type LookUp = { kind: 'answer'; text: string } | { kind: 'needsPostalCode'; permitNumber: string };

/**
 * Where a case or a permit application stands, told with the privacy rules: the reporter sees everything,
 * anyone else with a case number sees only what kind of problem, its status and dates; a permit needs the
 * applicant's phone or the application's postal code. Every look-up counts against the resident's, the
 * conversation's and the web address's limits; a look-up by number counts against that number's too.
 */
export class StatusReports {
  constructor(
    private readonly cases: CaseService,
    private readonly permits: PermitStatusProvider,
    private readonly limits: LookupLimits,
    /** Call-back requests are part of "my reports". */
    private readonly callbacks: Pick<CallbackSummary, 'describeMine'>,
    /** Places in the resident's language ("45, rue Elm"). */
    private readonly places: Pick<PlaceReader, 'label'>,
  ) {}

  async lookUpCase(context: TurnContext, number: string): Promise<LookUp> {
    const { t } = turnLanguage(context);
    const who = context.activity.from.id;
    // A reporter's own case needs no guess (their identity comes from the channel): it does not count against the
    // case, so strangers spending the case's look-ups cannot lock its own reporters out.
    const own = await this.cases.findByNumber(number);
    const isReporter = Boolean(own?.reporters.some((r) => r.address === who));
    const begun = await this.limits.begin(context, isReporter ? undefined : { case: number });
    if ('refusedBy' in begun) return answer(t(tooMany(begun.refusedBy)));
    const found = own;
    await this.limits.finish(begun.ticket, !found);
    if (found?.mergedInto) return answer(await this.describeMerged(context, found.number, found.mergedInto, who));
    if (found) return answer(this.describeCase(context, found, found.reporters.some((r) => r.address === who)));
    const mistyped = number.length === CASE_NUMBER_LENGTH && !isValidCaseNumber(number);
    return answer(t(mistyped ? 'status.typo' : 'status.notFound', { number }));
  }

  async lookUpPermit(context: TurnContext, permitNumber: string): Promise<LookUp> {
    const { t } = turnLanguage(context);
    // The applicant's own number needs no guess: this look-up does not count against the permit.
    const begun = await this.limits.begin(context, undefined);
    if ('refusedBy' in begun) return answer(t(tooMany(begun.refusedBy)));
    const permit = await this.permits.findForApplicant(permitNumber, context.activity.from.id);
    await this.limits.finish(begun.ticket, false);
    if (!permit) return { kind: 'needsPostalCode', permitNumber };
    return answer(this.describePermit(context, permit));
  }

  /** The second fact: a wrong one counts as a failed guess, and says no more than "no match". */
  async lookUpPermitWithPostalCode(context: TurnContext, permitNumber: string, postalCode: string): Promise<string> {
    const { t } = turnLanguage(context);
    const begun = await this.limits.begin(context, { permit: permitNumber });
    if ('refusedBy' in begun) return t(tooMany(begun.refusedBy));
    const permit = await this.permits.findWithPostalCode(permitNumber, postalCode);
    await this.limits.finish(begun.ticket, !permit);
    return permit ? this.describePermit(context, permit) : t('permit.noMatch', { number: permitNumber });
  }

  /** Everything on file for this resident's phone (or web browser), newest first; undefined when nothing. */
  async describeMine(context: TurnContext): Promise<string | undefined> {
    const { t } = turnLanguage(context);
    const address = context.activity.from.id;
    const [cases, permits, callbacks] = await Promise.all([
      this.cases.listForReporter(address),
      this.permits.listForApplicant(address),
      this.callbacks.describeMine(context),
    ]);
    const parts = [...cases.map((c) => this.describeCase(context, c, true)), ...permits.map((p) => this.describePermit(context, p)), ...callbacks];
    if (parts.length === 0) return undefined;
    return [t('status.mineIntro', { count: parts.length }), ...parts].join('\n\n');
  }

  /** A case merged into another answers "merged into B", then where B stands (followed once, never in a loop). */
  private async describeMerged(context: TurnContext, number: string, into: string, who: string): Promise<string> {
    const { t } = turnLanguage(context);
    const target = await this.cases.findByNumber(into);
    const merged = t('status.mergedInto', { number, into });
    return target ? `${merged} ${this.describeCase(context, target, target.reporters.some((r) => r.address === who))}` : merged;
  }

  private describeCase(context: TurnContext, record: CaseRecord, toReporter: boolean): string {
    const { t, date, dateTime, locale } = turnLanguage(context);
    const open = isOpenStatus(record.status);
    const lastNote = lastPublicNote(record);
    const when = !open ? '' : t(record.expectedBy.getTime() < Date.now() ? 'status.overdue' : 'status.expected', { date: date(record.expectedBy) });
    const params = {
      number: record.number,
      category: t(`category.${record.category}`),
      location: this.places.label(record.location, locale, t),
      status: t(`status.name.${record.status}`),
      changed: dateTime(record.statusChangedAt),
    };
    return [
      t(toReporter ? 'status.case' : 'status.caseForOthers', params),
      t(`status.explain.${record.status}`),
      // Staff notes can name the place or the reporter: only the reporter reads them.
      !open && record.closureReason ? t(`closure.${record.closureReason}`) : '',
      toReporter && lastNote ? t('status.note', { note: lastNote }) : '',
      when,
    ]
      .filter(Boolean)
      .join(' ');
  }

  private describePermit(context: TurnContext, permit: PermitStatus): string {
    const { t, date, dateTime } = turnLanguage(context);
    return [
      t('permit.status', {
        number: permit.number,
        work: permit.work,
        address: permit.address,
        step: t(`permitStep.name.${permit.step}`),
        changed: dateTime(permit.stepChangedAt),
      }),
      t(`permitStep.explain.${permit.step}`),
      permit.expectedDecisionBy ? t('permit.expected', { date: date(permit.expectedDecisionBy) }) : '',
    ]
      .filter(Boolean)
      .join(' ');
  }
}

/** Held back by the number's own count (others tried it), or by the resident's. */
function tooMany(refusedBy: string): string {
  return isTargetKey(refusedBy) ? 'status.numberTooMany' : 'status.tooMany';
}

/** How much of a staff note a look-up repeats (a text with five cases stays a few segments). */
const NOTE_CHARS = 160;

/** The latest public word from staff: a note sent with a status change, or a public note on its own. */
function lastPublicNote(record: CaseRecord): string | undefined {
  const said = [
    ...record.history.filter((h) => h.note).map((h) => ({ at: new Date(h.at).getTime(), text: h.note ?? '' })),
    ...(record.notes ?? []).filter((n) => n.public).map((n) => ({ at: new Date(n.at).getTime(), text: n.text })),
  ].sort((a, b) => a.at - b.at);
  const text = said[said.length - 1]?.text;
  return text && text.length > NOTE_CHARS ? `${text.slice(0, NOTE_CHARS - 1)}…` : text;
}

function answer(text: string): LookUp {
  return { kind: 'answer', text };
}
