import type { DbOrTx } from '../db/client';
import { getExperiment } from '../experiments/queries';
import { experimentConfigSchema, type ExperimentConfig } from '../experiments/config';

/** An experiment the playground is opened from (`?from=`): what the form is pre-filled with. */
export interface PlaygroundSource {
  experimentId: string; name: string; datasetId: string; datasetVersion: string; record: boolean; config: ExperimentConfig;
}

export async function playgroundSource(db: DbOrTx, experimentId: string): Promise<PlaygroundSource | null> {
  const row = await getExperiment(db, experimentId);
  if (!row) return null;
  // Parsed (not cast): an old snapshot gets today's defaults instead of breaking the form.
  const config = experimentConfigSchema.safeParse(row.config);
  if (!config.success) return null;
  return {
    experimentId: row.id, name: row.name, datasetId: row.datasetId, datasetVersion: row.datasetVersion.toISOString(),
    record: row.record, config: config.data,
  };
}
