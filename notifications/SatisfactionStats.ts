import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../db/duplicateKey';

export interface QueueSatisfaction {
  queue: string;
  answers: number;
  /** Sum of the scores (1 to 5). */
  total: number;
  /** total / answers, rounded to two decimals. */
  average: number;
}

/** One subscriber's score for one case (`_id` "<case>|<channel>|<address>"), flat, to count per queue. */
interface ScoreRecord {
  _id: string;
  caseNumber: string;
  queue: string;
  score: number;
  /** "<queue>|<score>": what is grouped on (see perQueue). */
  bucket: string;
  at: Date;
}

/**
 * Satisfaction answers counted per crew queue, for the staff API and the performance page. The answers live on
 * the case (`satisfaction`); each is also kept here flat, once per subscriber and case, because FerretDB 1.24's
 * `$unwind` drops a document's other fields and it has no `$avg`: answers are counted per queue and score in
 * the database, and summed and divided here.
 */
export class SatisfactionStats {
  private readonly scores: Model<ScoreRecord>;

  constructor(connection: Connection) {
    this.scores =
      connection.models.satisfactionScores ??
      connection.model<ScoreRecord>(
        'satisfactionScores',
        new Schema<ScoreRecord>({ _id: String, caseNumber: String, queue: String, score: Number, bucket: String, at: Date }, { versionKey: false }),
        'satisfactionScores',
      );
  }

  /** Counts an answer once (a turn run again inserts the same id). */
  async record(answer: { caseNumber: string; queue: string; channel: string; address: string; score: number; at: Date }): Promise<void> {
    try {
      await this.scores.create({ _id: `${answer.caseNumber}|${answer.channel}|${answer.address}`, caseNumber: answer.caseNumber, queue: answer.queue, score: answer.score, bucket: `${answer.queue}|${answer.score}`, at: answer.at });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /**
   * Answers counted per queue and score with `$sum: 1` (on FerretDB 1.24 `$sum` of a field path sums to 0), then
   * each queue's total and average worked out here.
   */
  async perQueue(): Promise<QueueSatisfaction[]> {
    const rows = await this.scores.aggregate<{ _id: string; answers: number }>([{ $group: { _id: '$bucket', answers: { $sum: 1 } } }]);
    const queues = new Map<string, { answers: number; total: number }>();
    for (const row of rows) {
      const cut = row._id.lastIndexOf('|');
      const queue = row._id.slice(0, cut);
      const score = Number(row._id.slice(cut + 1));
      const sums = queues.get(queue) ?? { answers: 0, total: 0 };
      queues.set(queue, { answers: sums.answers + row.answers, total: sums.total + score * row.answers });
    }
    return [...queues]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([queue, { answers, total }]) => ({ queue, answers, total, average: Math.round((total / answers) * 100) / 100 }));
  }
}
