import type { DbOrTx } from '../db/client';
import type { ExperimentSummary } from './queries';
import { listExperimentRows } from './list';

export interface ExperimentWithDataset extends ExperimentSummary { datasetName: string }

/** Recorded experiments across all datasets, newest first (the table itself pages: lib/experiments/list.ts). */
export async function listRecordedExperiments(db: DbOrTx, p: { limit?: number; offset?: number; q?: string } = {}): Promise<ExperimentWithDataset[]> {
  const rows = await listExperimentRows(db, { scope: {}, q: p.q, limit: p.limit ?? 500, offset: p.offset ?? 0 });
  return rows.map((r) => ({ ...r, datasetName: r.datasetName ?? '' }));
}
