import type { PgBoss } from 'pg-boss';
import type { Db } from '../db/client';
import { createExperiment } from '../experiments/create';
import { createExperimentSchema, type CreateExperimentInput } from '../experiments/config';
import { databaseNow } from '../db/now';
import { UserError } from '../errors';

/** Extra slack for the browser's clock being a little ahead of the database's. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Starts the playground's experiment: one like any other (recorded or not). A dataset version in
 * the future is refused (items added until then would change what the frozen version holds); one
 * just ahead of the database's clock, from a browser clock running fast, is taken as "now".
 */
export async function startPlaygroundRun(db: Db, boss: PgBoss, input: CreateExperimentInput, by: { userId: string }): Promise<{ id: string }> {
  const parsed = createExperimentSchema.safeParse(input);
  if (parsed.success && parsed.data.datasetVersion) {
    const now = await databaseNow(db);
    const at = parsed.data.datasetVersion.getTime();
    if (at > now.getTime() + CLOCK_SKEW_MS) {
      throw new UserError('The dataset version cannot be in the future', { datasetVersion: 'A version cannot be in the future' });
    }
    if (at > now.getTime()) return createExperiment(db, boss, { ...input, datasetVersion: now }, by);
  }
  return createExperiment(db, boss, input, by);
}
