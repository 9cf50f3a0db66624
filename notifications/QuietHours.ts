import { addDays, instantAt, localTime } from '../hours/cityClock';

/**
 * When the city does not text residents (QUIET_HOURS, "21:00-08:00" in the city's time zone; empty: never
 * quiet). A window may run past midnight. `releaseAt` says until when a text that would go now must wait.
 */
export class QuietHours {
  private constructor(
    private readonly window: { from: number; to: number } | undefined,
    private readonly timeZone: string,
  ) {}

  static parse(spec: string, timeZone: string): QuietHours {
    const problem = quietHoursProblem(spec);
    if (problem) throw new Error(`QUIET_HOURS: ${problem}`);
    const trimmed = spec.trim();
    if (!trimmed) return new QuietHours(undefined, timeZone);
    const [from, to] = trimmed.split('-').map(minutesOf);
    return new QuietHours({ from, to }, timeZone);
  }

  get enabled(): boolean {
    return this.window !== undefined;
  }

  /** The end of the quiet window `at` falls in (the next morning's release), or undefined when texts may go now. */
  releaseAt(at: Date): Date | undefined {
    if (!this.window) return undefined;
    const { from, to } = this.window;
    const now = localTime(at, this.timeZone);
    const overnight = from > to;
    const inside = overnight ? now.minutes >= from || now.minutes < to : now.minutes >= from && now.minutes < to;
    if (!inside) return undefined;
    // Evening part of an overnight window: the window ends tomorrow.
    const day = overnight && now.minutes >= from ? addDays(now, 1) : now;
    return instantAt(day.year, day.month, day.day, to, this.timeZone);
  }
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function minutesOf(text: string): number {
  const match = TIME.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
}

/** Why a QUIET_HOURS value is not usable, or undefined when it is ("21:00-08:00", or empty for none). */
export function quietHoursProblem(spec: string): string | undefined {
  const trimmed = spec.trim();
  if (!trimmed) return undefined;
  const parts = trimmed.split('-');
  if (parts.length !== 2 || parts.some((p) => Number.isNaN(minutesOf(p)))) return `"${spec}" must look like 21:00-08:00 (or be empty: no quiet hours)`;
  if (minutesOf(parts[0]) === minutesOf(parts[1])) return `"${spec}" starts and ends at the same time`;
  return undefined;
}
