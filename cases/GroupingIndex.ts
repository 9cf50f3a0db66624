import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../db/duplicateKey';
import { CategoryId } from './categories';
import { MatchablePlace, keysOf } from './casePlaceMatch';

export interface IndexEntry {
  number: string;
  place: MatchablePlace;
}

interface KeyDoc {
  /** `<category>|<key>`: `pothole|cell:dpz83k2`, `abandoned_vehicle|street:oak st`. */
  _id: string;
  entries: IndexEntry[];
  /** When the list reaches this length, entries of cases no longer open are cleared out (see CaseGrouping). */
  pruneAt: number;
}

const FIRST_PRUNE_AT = 64;

/**
 * Which cases sit in which grid cell, on which street, at which landmark or crossing, per category: one document
 * per key, read by `_id` alone, because FerretDB uses an index for nothing else (a filtered find over 100,000
 * cases scans them all, 20 s and more). Entries are added when a case opens and cleared once the case is seen
 * closed, merged or moved to another category. Every write happens under the category's grouping lock
 * (CaseGrouping), so FerretDB's read-then-write updates never race.
 */
export class GroupingIndex {
  private readonly keys: Model<KeyDoc>;

  constructor(connection: Connection) {
    const schema = new Schema<KeyDoc>(
      { _id: String, entries: [{ _id: false, number: String, place: Schema.Types.Mixed }], pruneAt: Number },
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

  /** Files a case under its keys (again is harmless); returns the keys whose lists are due for clearing out. */
  async add(category: CategoryId, number: string, place: MatchablePlace): Promise<string[]> {
    const due: string[] = [];
    for (const key of keysOf(place)) {
      const id = docId(category, key);
      const doc = await this.keys.findById(id).lean();
      if (doc?.entries.some((e) => e.number === number)) continue;
      if (!doc) {
        try {
          await this.keys.create({ _id: id, entries: [{ number, place }], pruneAt: FIRST_PRUNE_AT });
          continue;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      }
      await this.keys.updateOne({ _id: id }, { $push: { entries: { number, place } } });
      if ((doc?.entries.length ?? 0) + 1 >= (doc?.pruneAt ?? FIRST_PRUNE_AT)) due.push(key);
    }
    return due;
  }

  async entriesUnder(category: CategoryId, key: string): Promise<IndexEntry[]> {
    return (await this.keys.findById(docId(category, key)).lean())?.entries ?? [];
  }

  /** Removes cases from one key's list; the next clearing is due when the list has doubled. */
  async remove(category: CategoryId, key: string, numbers: string[]): Promise<void> {
    const id = docId(category, key);
    const doc = await this.keys.findById(id).lean();
    if (!doc) return;
    const gone = new Set(numbers);
    const entries = doc.entries.filter((e) => !gone.has(e.number));
    await this.keys.updateOne({ _id: id }, { $set: { entries, pruneAt: Math.max(FIRST_PRUNE_AT, entries.length * 2) } });
  }

  /** For benchmarks and seeding: whole key documents at once (nothing else may be writing). */
  async insertMany(docs: { category: CategoryId; key: string; entries: IndexEntry[] }[]): Promise<void> {
    await this.keys.insertMany(
      docs.map((d) => ({ _id: docId(d.category, d.key), entries: d.entries, pruneAt: Math.max(FIRST_PRUNE_AT, d.entries.length * 2) })),
      { ordered: false },
    );
  }
}

function docId(category: CategoryId, key: string): string {
  return `${category}|${key}`;
}
