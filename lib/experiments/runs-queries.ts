import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { datasets, experiments } from '../db/schema';
import { summarise, type ExperimentSummary } from './queries';
import { databaseNow } from '../db/now';
import { withEvaluatorAverages } from './evaluator-averages';

export interface ExperimentWithDataset extends ExperimentSummary { datasetName: string }

/** Recorded experiments across all datasets, newest first (the Experiments page; the API pages through them). */
export async function listRecordedExperiments(db: DbOrTx, p: { limit?: number; offset?: number } = {}): Promise<ExperimentWithDataset[]> {
  const rows = await db.select({ experiment: experiments, datasetName: datasets.name })
    .from(experiments)
    .innerJoin(datasets, eq(datasets.id, experiments.datasetId))
    .where(eq(experiments.record, true))
    .orderBy(desc(experiments.createdAt), desc(experiments.id))
    .limit(p.limit ?? 500)
    .offset(p.offset ?? 0);
  const now = await databaseNow(db);
  return withEvaluatorAverages(db, rows.map((r) => ({ ...summarise(r.experiment, now), datasetName: r.datasetName })));
}
