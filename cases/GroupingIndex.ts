import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../db/duplicateKey';
import { CategoryId } from './categories';
import { MatchablePlace, keysOf } from './casePlaceMatch';

export interface IndexEntry {
  number: string;
  place: MatchablePlace;
  /** When the case was filed here: entries older than ENTRY_DAYS are dropped when their document is next written. */
  at: Date;
}

/** A case open longer than this (about a season) is no longer offered to new reporters. */
export const ENTRY_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

interface KeyDoc {
  /** `<category>|<key>`: `pothole|cell:dpz83k2`, `abandoned_vehicle|street:oak st`. */
  _id: string;
  entries: IndexEntry[];
}

/**
 * Which cases sit in which grid cell, on which street, at which landmark or crossing, per category: one document
 * per key (an area, or a street, landmark or crossing for places without coordinates), read by `_id`. FerretDB
 * 1.24 on SQLite reads a whole collection for every query (even by `_id`: its index expression is not the one its
 * queries use), so the index is a small collection of few documents rather than a query over 100,000 cases.
 * Entries are added when a case opens and dropped when a submission finds the case closed, merged or moved to
 * another category, or after ENTRY_DAYS. Every write happens under the category's grouping lock (CaseGrouping),
 * so FerretDB's read-then-write updates never race.
 */
export class GroupingIndex {
  private readonly keys: Model<KeyDoc>;

  constructor(connection: Connection) {
    const schema = new Schema<KeyDoc>(
      { _id: String, entries: [{ _id: false, number: String, place: Schema.Types.Mixed, at: Date }] },
      { versionKey: false },
    );
    this.keys = connection.models.caseGroupingKeys ?? connection.model<KeyDoc>('caseGroupingKeys', schema, 'caseGroupingKeys');
  }

  /** Every case filed under any of these keys, each once. */
  async lookup(category: CategoryId, keys: string[]): Promise<IndexEntry[]> {
    const docs = await Promise.all([...new Set(keys)].map((key) => this.keys.findById(docId(category, key)).lean()));
    const byNumber = new Map<string, IndexEntry>();
    for (const doc of docs) for (const entry of doc?.entries ?? []) byNumber.set(entry.number, entry);
    return [...byNumber.values()];
  }

  /** Files a case under its keys (again is harmless). */
  async add(category: CategoryId, number: string, place: MatchablePlace, at: Date): Promise<void> {
    for (const key of keysOf(place)) {
      const id = docId(category, key);
      const doc = await this.keys.findById(id).lean();
      if (doc?.entries.some((e) => e.number === number)) continue;
      if (!doc) {
        try {
          await this.keys.create({ _id: id, entries: [{ number, place, at }] });
          continue;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      }
      const recent = (doc?.entries ?? []).filter((e) => at.getTime() - new Date(e.at).getTime() < ENTRY_DAYS * DAY_MS);
      await this.keys.updateOne({ _id: id }, { $set: { entries: [...recent, { number, place, at }] } });
    }
  }

  /** Drops cases that can no longer be offered from every key they were filed under. */
  async remove(category: CategoryId, entries: IndexEntry[]): Promise<void> {
    for (const key of new Set(entries.flatMap((e) => keysOf(e.place)))) {
      const id = docId(category, key);
      const doc = await this.keys.findById(id).lean();
      if (!doc) continue;
      const gone = new Set(entries.map((e) => e.number));
      await this.keys.updateOne({ _id: id }, { $set: { entries: doc.entries.filter((e) => !gone.has(e.number)) } });
    }
  }

  /** For benchmarks and seeding: whole key documents at once (nothing else may be writing). */
  async insertMany(docs: { category: CategoryId; key: string; entries: IndexEntry[] }[]): Promise<void> {
    await this.keys.insertMany(
      docs.map((d) => ({ _id: docId(d.category, d.key), entries: d.entries })),
      { ordered: false },
    );
  }
}

function docId(category: CategoryId, key: string): string {
  return `${category}|${key}`;
}
