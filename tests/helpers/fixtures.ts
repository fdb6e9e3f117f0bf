import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Db } from '../../lib/db/client';
import { datasetItems, datasets, experiments, experimentRuns, providerConnections } from '../../lib/db/schema';
import { createExperiment } from '../../lib/experiments/create';
import type { CreateExperimentInput } from '../../lib/experiments/config';
import { startBoss } from '../../lib/queue/boss';

export const TEST_SECRET = 'test-app-secret-0123456789';
process.env.APP_SECRET ??= TEST_SECRET;

export async function producer(url: string): Promise<PgBoss> {
  return startBoss(url, { max: 2 });
}

export async function simulatorProvider(db: Db, baseUrl: string, opts: { requestsPerMinute?: number; name?: string } = {}) {
  const [row] = await db.insert(providerConnections).values({
    name: opts.name ?? `sim-${Math.random().toString(36).slice(2, 8)}`, baseUrl, isSimulator: true,
    requestsPerMinute: opts.requestsPerMinute ?? null,
  }).returning();
  return row;
}

/**
 * A dataset of `n` arithmetic questions the simulator answers deterministically. Item i asks
 * "What is i + (i + offset)?"; the offset is random unless given, so prompts differ across datasets
 * (the simulator counts duplicate answers by prompt).
 */
export async function arithmeticDataset(db: Db, n: number, opts: { name?: string; offset?: number } = {}) {
  const [ds] = await db.insert(datasets).values({ name: opts.name ?? `ds-${Math.random().toString(36).slice(2, 8)}` }).returning();
  const offset = opts.offset ?? 1000 + Math.floor(Math.random() * 1_000_000);
  const rows = Array.from({ length: n }, (_, i) => ({
    datasetId: ds.id, input: { question: `What is ${i} + ${i + offset}?` }, expectedOutput: { answer: String(2 * i + offset) },
  }));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(datasetItems).values(rows.slice(i, i + 1000));
  return ds;
}

type Overrides = Omit<Partial<CreateExperimentInput>, 'config'> & { config?: Partial<CreateExperimentInput['config']> };

export function experimentInput(datasetId: string, providerId: string, overrides: Overrides = {}): CreateExperimentInput {
  const { config, ...rest } = overrides;
  return {
    datasetId, name: `exp-${Math.random().toString(36).slice(2, 8)}`,
    ...rest,
    config: {
      template: { messages: [{ role: 'user', content: '{{question}}' }] },
      providerConnectionId: providerId, model: 'sim-small',
      ...config,
    },
  };
}

/**
 * A caller for createExperiment / resumeExperiment: a new user each time, so tests that are not
 * about quotas never meet the per-user concurrency quota.
 */
export const testUser = () => ({ userId: `test-user-${Math.random().toString(36).slice(2, 10)}` });

export async function createTestExperiment(db: Db, boss: PgBoss, datasetId: string, providerId: string, overrides: Overrides = {}, by = testUser()) {
  return createExperiment(db, boss, experimentInput(datasetId, providerId, overrides), by);
}

export async function experimentRow(db: Db, id: string) {
  const [row] = await db.select().from(experiments).where(eq(experiments.id, id));
  return row;
}

export async function runsOf(db: Db, id: string) {
  return db.select().from(experimentRuns).where(eq(experimentRuns.experimentId, id));
}

/** Worker settings that make every interval seconds, not minutes. */
export function fastWorkerEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: url, APP_SECRET: process.env.APP_SECRET!,
    RUNNER_LEASE_MS: '4000', RUNNER_HEARTBEAT_MS: '1000', RUNNER_ORPHAN_SCAN_MS: '1500',
    RUNNER_ORPHAN_SCAN_JITTER_MS: '300', RUNNER_CLAIM_CHECK_MS: '300', RUNNER_RETRY_BASE_MS: '200',
    ...extra,
  };
}
