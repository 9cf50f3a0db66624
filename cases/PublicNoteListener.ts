import { CaseRecord } from './CaseModel';

/**
 * Told of every public staff note, in two steps as StatusChangeListener is: `prepareNote` records durably that
 * note `index` is about to be written, `noteAdded` runs once it is (the subscribers are sent it).
 */
export interface PublicNoteListener {
  prepareNote(number: string, index: number): Promise<void>;
  noteAdded(record: CaseRecord, index: number): Promise<void>;
}
