import { CaseModel } from '../cases/CaseModel';

export interface QueueSatisfaction {
  queue: string;
  answers: number;
  /** Sum of the scores (1 to 5). */
  total: number;
  /** total / answers, rounded to two decimals. */
  average: number;
}

/**
 * Satisfaction answers counted per crew queue, for the staff API and the performance page. FerretDB's aggregation
 * has $sum but no $avg: scores and answers are summed in the database and divided here.
 */
export class SatisfactionStats {
  constructor(private readonly cases: CaseModel) {}

  async perQueue(): Promise<QueueSatisfaction[]> {
    const rows = await this.cases.aggregate<{ _id: string; answers: number; total: number }>([
      { $match: { satisfaction: { $exists: true } } },
      { $unwind: '$satisfaction' },
      { $group: { _id: '$queue', answers: { $sum: 1 }, total: { $sum: '$satisfaction.score' } } },
      { $sort: { _id: 1 } },
    ]);
    return rows.map((r) => ({ queue: r._id, answers: r.answers, total: r.total, average: Math.round((r.total / r.answers) * 100) / 100 }));
  }
}
