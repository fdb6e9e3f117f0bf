import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetItems, datasets } from '../../lib/db/schema';
import { countItemsUpTo, variablesNoItemProvides } from '../../lib/datasets/items';
import { databaseNow } from '../../lib/db/now';
import { stopExperiment } from '../../lib/experiments/lifecycle';
import { setQuotas } from '../../lib/quotas/quotas';
import { DEFAULT_QUOTAS } from '../../lib/quotas/quota-schema';
import { createTestExperiment, experimentRow } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';

/**
 * Creating an experiment on a large dataset reads no item beyond what it must: the worker plans the
 * totals (items to run, items set aside for a missing variable), and creation only checks that
 * some item provides each variable and counts no further than the quota.
 */

const ITEMS = 20_000;
let s: RunnerSuite;

beforeAll(async () => {
  // Slow answers: the worker plans, and the test stops the run long before it ends.
  s = await startRunnerSuite({ simulator: { latencyMs: 5_000 } });
});
afterAll(async () => {
  await stopRunnerSuite(s);
});

/** `ITEMS` items asking `{{question}}`; the items at `lacking` positions have no question. */
async function bigDataset(lacking: (i: number) => boolean) {
  const [ds] = await s.t.db.insert(datasets).values({ name: `big-${Math.random().toString(36).slice(2, 8)}` }).returning();
  const rows = Array.from({ length: ITEMS }, (_, i) => ({
    datasetId: ds.id, input: lacking(i) ? { other: `no question ${i}` } : { question: `What is ${i} + 1?` },
  }));
  for (let i = 0; i < rows.length; i += 2000) await s.t.db.insert(datasetItems).values(rows.slice(i, i + 2000));
  return ds;
}

describe('create on a large dataset', () => {
  it('leaves the totals to the worker, which plans them and counts the skipped items', async () => {
    const ds = await bigDataset((i) => i >= ITEMS - 7);
    const { id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config: { repetitions: 2 } });
    const planned = await waitFor(async () => {
      const row = await experimentRow(s.t.db, id);
      return row.totalRuns > 0 ? row : null;
    }, { what: 'the worker to plan the experiment' });
    expect(planned.totalRuns).toBe((ITEMS - 7) * 2);
    expect(planned.itemsSkipped).toBe(7);
    await stopExperiment(s.t.db, id);
  });

  it('accepts a variable only the last item provides, and refuses one that no item provides', async () => {
    const ds = await bigDataset((i) => i < ITEMS - 1);
    const { id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id);
    const planned = await waitFor(async () => {
      const row = await experimentRow(s.t.db, id);
      return row.totalRuns > 0 ? row : null;
    }, { what: 'the worker to plan the experiment' });
    expect(planned).toMatchObject({ totalRuns: 1, itemsSkipped: ITEMS - 1 });
    await stopExperiment(s.t.db, id);

    await expect(createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, {
      config: { template: { messages: [{ role: 'user', content: '{{question}} {{nowhere}}' }] } },
    })).rejects.toThrow('Unknown variable {{nowhere}}: no item of the dataset provides it');
  });

  it('counts no further than the quota, and a refusal names the real size', async () => {
    const ds = await bigDataset(() => false);
    const now = await databaseNow(s.t.db);
    expect(await countItemsUpTo(s.t.db, ds.id, now, 100)).toBe(101);
    expect(await countItemsUpTo(s.t.db, ds.id, now, ITEMS)).toBe(ITEMS);
    expect(await variablesNoItemProvides(s.t.db, ds.id, now, ['question', 'other'])).toEqual(['other']);

    await setQuotas(s.t.db, { ...DEFAULT_QUOTAS, maxItemsPerExperiment: ITEMS * 2 - 1, maxConcurrentExperimentsPerUser: null });
    try {
      await expect(createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config: { repetitions: 2 } }))
        .rejects.toThrow(`40,000 asked (20,000 items × 2 repetitions)`);
      const { id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config: { repetitions: 1 } });
      await stopExperiment(s.t.db, id);
    } finally {
      await setQuotas(s.t.db, DEFAULT_QUOTAS);
    }
  });
});
