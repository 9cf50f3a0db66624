import { CaseRecord } from './CaseModel';

/**
 * Told of every status change (the composition root wires the reporters' notifier here). Two steps, so a crash
 * between writing the change and acting on it loses nothing: `prepare` records durably that entry `index` of the
 * case's history is about to be written, `changed` runs once it is.
 */
export interface StatusChangeListener {
  prepare(number: string, index: number): Promise<void>;
  changed(record: CaseRecord, index: number): Promise<void>;
}
