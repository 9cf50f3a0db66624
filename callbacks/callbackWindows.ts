import { OpeningHours } from '../hours/OpeningHours';
import { CallbackWindow } from './callbackModels';

/** Opening spans longer than this are offered as two halves ("morning", "afternoon"). */
const LONGEST_WINDOW_MS = 4 * 60 * 60_000;
const STEP_MS = 30 * 60_000;
/** A window must leave at least this long to call in. */
const SHORTEST_WINDOW_MS = 60 * 60_000;

/** The next few windows within opening hours a resident may choose for their call-back. */
export function callbackWindows(hours: OpeningHours, now: Date, max = 3): CallbackWindow[] {
  const windows: CallbackWindow[] = [];
  for (const span of hours.spans(now, 8, true)) {
    const length = span.end.getTime() - span.start.getTime();
    const halves =
      length > LONGEST_WINDOW_MS
        ? [span.start.getTime(), Math.round((span.start.getTime() + length / 2) / STEP_MS) * STEP_MS, span.end.getTime()]
        : [span.start.getTime(), span.end.getTime()];
    for (let i = 0; i + 1 < halves.length; i++) {
      // A window already under way starts now (rounded up to the half hour).
      const from = Math.max(halves[i], Math.ceil(now.getTime() / STEP_MS) * STEP_MS);
      const to = halves[i + 1];
      if (to - from >= SHORTEST_WINDOW_MS) windows.push({ from: new Date(from), to: new Date(to) });
      if (windows.length === max) return windows;
    }
  }
  return windows;
}
