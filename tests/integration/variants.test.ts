import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { TestDb } from '../helpers/db';
import type { Simulator } from '../../lib/simulator/server';
import { arithmeticDataset, createTestExperiment, experimentRow, simulatorProvider } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { resumeWhenAllowed } from '../helpers/faults';
import { getExperimentDetails } from '../../lib/experiments/details';
import { stopExperiment } from '../../lib/experiments/lifecycle';
import { variantGrid } from '../../lib/experiments/variants';
import { LIMITS } from '../../lib/limits';

let s: RunnerSuite;
let t: TestDb;
let sim: Simulator;
let boss: PgBoss;

beforeAll(async () => {
  // Small pages, so every variant is planned over several pages (a slow variant must not hold back the others' planning).
  s = await startRunnerSuite({ simulator: { latencyMs: 5 }, workerEnv: { RUNNER_TASK_BATCH_SIZE: '8' } });
  ({ t, sim, boss } = s);
});
afterAll(() => stopRunnerSuite(s));

const promptA = { messages: [{ role: 'user' as const, content: '{{question}}' }] };
const promptB = { messages: [{ role: 'system' as const, content: 'Answer with the number only.' }, { role: 'user' as const, content: '{{question}}' }] };

describe('variants: prompts x models in one experiment', () => {
  it('runs every (item, repetition, variant) exactly once, with per-variant counters equal to the runs table', async () => {
    const provider = await simulatorProvider(t.db, sim.url);
    const ds = await arithmeticDataset(t.db, 10);
    const requestsBefore = sim.stats().requests;
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, {
      config: {
        repetitions: 2,
        evaluators: [{ name: 'answer', type: 'contains', expectedField: 'answer' }],
        variants: variantGrid({
          templates: [promptA, promptB],
          models: [{ providerConnectionId: provider.id, model: 'sim-small' }, { providerConnectionId: provider.id, model: 'sim-large' }],
        }),
      },
    });
    const done = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return ['COMPLETED', 'ERROR'].includes(row.status) && row;
    }, { timeoutMs: 60_000, what: 'the experiment to end' });
    expect(done.status).toBe('COMPLETED');
    expect(done.totalRuns).toBe(10 * 2 * 4);
    expect(done.runsSucceeded).toBe(80);

    // Exactly once: 80 distinct keys, 80 provider calls.
    const [keys] = await t.db.execute<{ runs: number; distinct_keys: number }>(sql`
      select count(*)::int as runs, count(distinct (dataset_item_id, repetition, variant))::int as distinct_keys
      from experiment_runs where experiment_id = ${id}`);
    expect(keys).toEqual({ runs: 80, distinct_keys: 80 });
    expect(sim.stats().requests - requestsBefore).toBe(80);

    // Each variant's calls went with its own model and prompt.
    const sent = await t.db.execute<{ variant: number; model: string; messages: number; n: number }>(sql`
      select variant, request->>'model' as model, jsonb_array_length(request->'messages') as messages, count(*)::int as n
      from experiment_runs where experiment_id = ${id} group by 1, 2, 3 order by 1`);
    expect(sent.map((r) => [r.variant, r.model, r.messages, r.n])).toEqual([
      [0, 'sim-small', 1, 20], [1, 'sim-large', 1, 20], [2, 'sim-small', 2, 20], [3, 'sim-large', 2, 20],
    ]);

    // The kept counters agree with the runs and evaluations tables, variant by variant.
    const counted = await t.db.execute<{ variant: number; total_runs: number; runs_succeeded: number; runs_failed: number; tokens: string; runs: number; succeeded: number; run_tokens: string; scored: number; evals: number; sum_ok: boolean }>(sql`
      select v.variant, v.total_runs, v.runs_succeeded, v.runs_failed, (v.prompt_tokens + v.completion_tokens)::text as tokens,
        (select count(*)::int from experiment_runs r where r.experiment_id = v.experiment_id and r.variant = v.variant) as runs,
        (select count(*)::int from experiment_runs r where r.experiment_id = v.experiment_id and r.variant = v.variant and r.status = 'SUCCEEDED') as succeeded,
        (select sum(r.prompt_tokens + r.completion_tokens)::text from experiment_runs r where r.experiment_id = v.experiment_id and r.variant = v.variant) as run_tokens,
        (select s.scored from experiment_evaluator_stats s where s.experiment_id = v.experiment_id and s.variant = v.variant and s.evaluator_name = 'answer') as scored,
        (select count(*)::int from evaluations e join experiment_runs r on r.id = e.run_id
          where r.experiment_id = v.experiment_id and r.variant = v.variant and e.status = 'COMPLETED') as evals,
        (select abs(s.score_sum - (select sum(e.score)::numeric from evaluations e join experiment_runs r on r.id = e.run_id
            where r.experiment_id = v.experiment_id and r.variant = v.variant and e.status = 'COMPLETED')) < 1e-9
          from experiment_evaluator_stats s where s.experiment_id = v.experiment_id and s.variant = v.variant and s.evaluator_name = 'answer') as sum_ok
      from experiment_variants v where v.experiment_id = ${id} order by v.variant`);
    expect(counted).toHaveLength(4);
    for (const v of counted) {
      expect(v.total_runs).toBe(20);
      expect(v.runs_succeeded).toBe(v.succeeded);
      expect(v.runs).toBe(20);
      expect(v.runs_failed).toBe(0);
      expect(v.tokens).toBe(v.run_tokens);
      expect(v.scored).toBe(v.evals);
      expect(v.scored).toBe(20);
      expect(v.sum_ok).toBe(true);
    }

    // The details read model names the variants for what sets them apart.
    const details = await getExperimentDetails(t.db, id);
    expect(details!.summary.variantCount).toBe(4);
    expect(details!.variants.map((v) => v.name)).toEqual([
      'sim-small · prompt 1', 'sim-large · prompt 1', 'sim-small · prompt 2', 'sim-large · prompt 2',
    ]);
    expect(details!.variants.every((v) => v.evaluatorAverages[0]?.count === 20 && v.meanLatencyMs !== null)).toBe(true);
  });

  it('lets a fast provider run at its own rate beside a rate-limited one', async () => {
    const fast = await simulatorProvider(t.db, sim.url, { name: 'fast' });
    // 30 requests a minute: one every 2 s, known to the runner (it never exceeds it).
    const slow = await simulatorProvider(t.db, sim.url, { name: 'slow', requestsPerMinute: 30 });
    const ds = await arithmeticDataset(t.db, 40);
    const { id } = await createTestExperiment(t.db, boss, ds.id, fast.id, {
      config: { variants: [{ name: 'fast' }, { name: 'slow', providerConnectionId: slow.id }] },
    });
    const counts = async () => {
      const rows = await t.db.execute<{ variant: number; n: number }>(sql`
        select variant, count(*)::int as n from experiment_runs where experiment_id = ${id} group by variant`);
      return Object.fromEntries(rows.map((r) => [r.variant, r.n])) as Record<number, number>;
    };
    const whenFastDone = await waitFor(async () => {
      const c = await counts();
      return (c[0] ?? 0) === 40 && c;
    }, { timeoutMs: 60_000, what: 'the fast variant to finish' });
    // Held to the slow provider's pace, the fast variant would have no more runs than the slow one.
    expect(whenFastDone[1] ?? 0).toBeLessThan(20);
    const stopped = await stopExperiment(t.db, id, { byUser: true, now: true });
    expect(stopped).toBeTruthy();
    await waitFor(async () => (await experimentRow(t.db, id)).status === 'STOPPED', { what: 'STOPPED' });
  });

  it('stops and resumes as one experiment: every variant runs the rest, nothing twice', async () => {
    // 20 requests a second: slow enough to stop midway.
    const provider = await simulatorProvider(t.db, sim.url, { requestsPerMinute: 1200 });
    const ds = await arithmeticDataset(t.db, 30);
    const requestsBefore = sim.stats().requests;
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, {
      config: { variants: [{}, { model: 'sim-large' }] },
    });
    await waitFor(async () => {
      const [row] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from experiment_runs where experiment_id = ${id}`);
      return row.n >= 10;
    }, { what: '10 runs' });
    expect(await stopExperiment(t.db, id)).toBeTruthy();
    const stopped = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return row.status === 'STOPPED' && row.claimedBy === null && row;
    }, { what: 'STOPPED and handed back' });
    expect(stopped.runsSucceeded).toBeLessThan(60);
    await resumeWhenAllowed(t.db, boss, id);
    const done = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return row.status === 'COMPLETED' && row;
    }, { timeoutMs: 60_000, what: 'COMPLETED after the resume' });
    expect(done.runsSucceeded).toBe(60);
    const perVariant = await t.db.execute<{ variant: number; runs: number; counted: number }>(sql`
      select v.variant, v.runs_succeeded as counted,
        (select count(*)::int from experiment_runs r where r.experiment_id = v.experiment_id and r.variant = v.variant) as runs
      from experiment_variants v where v.experiment_id = ${id} order by v.variant`);
    expect(perVariant).toEqual([{ variant: 0, runs: 30, counted: 30 }, { variant: 1, runs: 30, counted: 30 }]);
    // Paid once: every call the provider answered is one recorded run.
    expect(sim.stats().requests - requestsBefore).toBe(60);
  });

  it('refuses variant lists it cannot run, naming the variant', async () => {
    const provider = await simulatorProvider(t.db, sim.url);
    const ds = await arithmeticDataset(t.db, 3);
    await expect(createTestExperiment(t.db, boss, ds.id, provider.id, {
      config: { variants: [{ name: 'same' }, { name: 'same', model: 'sim-large' }] },
    })).rejects.toThrow('Two variants are named "same"');
    await expect(createTestExperiment(t.db, boss, ds.id, provider.id, {
      config: { variants: [{}, { template: { messages: [{ role: 'user', content: '{{nope}}' }] } }] },
    })).rejects.toMatchObject({
      message: 'Variant "prompt 2": Unknown variable {{nope}}: no item of the dataset provides it',
      fieldErrors: { 'config.variants.1.template.messages.0': 'Variant "prompt 2": Unknown variable {{nope}}: no item of the dataset provides it' },
    });
    await expect(createTestExperiment(t.db, boss, ds.id, provider.id, {
      config: { variants: Array.from({ length: LIMITS.variants + 1 }, (_, i) => ({ name: `v${i}` })) },
    })).rejects.toThrow(`at most ${LIMITS.variants} variants`);
  });
});
