import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ReportDraft } from './ReportDraft';

interface Dropped {
  draft: ReportDraft;
  at: string;
}

/** How long "send it" can bring a dropped (or put aside) report back. */
const UNDO_WINDOW_MS = 15 * 60 * 1000;

/** A report the resident just dropped, kept in conversation state for a moment in case they meant "send". */
export class DroppedReport {
  constructor(
    private readonly dropped: StatePropertyAccessor<Dropped | undefined>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async keep(context: TurnContext, draft: ReportDraft): Promise<void> {
    await this.dropped.set(context, { draft, at: this.clock().toISOString() });
  }

  /** The dropped report if it was dropped moments ago; it is taken (a second "send it" sends nothing). */
  async take(context: TurnContext): Promise<ReportDraft | undefined> {
    const dropped = await this.dropped.get(context);
    if (!dropped) return undefined;
    await this.dropped.delete(context);
    return this.clock().getTime() - Date.parse(dropped.at) <= UNDO_WINDOW_MS ? dropped.draft : undefined;
  }
}
