import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { experiments } from '../db/schema';
import { appUrl } from '../config';
import { variantSummaries } from '../experiments/variant-summary';
import type { WebhookPayload } from './api-schemas';

type EndedStatus = WebhookPayload['experiment']['status'];

/** How the experiment ended, as the trigger saw it (the row may have been resumed since). */
export interface EndedAs { status: EndedStatus; lastError: string | null; at: Date }

/**
 * The payload for an experiment that ended, from its counters and the per-evaluator score sums
 * (experiment_evaluator_stats): summed over variants, then each variant on its own, so a CI gate
 * can hold every variant to its threshold. Null when the experiment no longer exists.
 */
export async function buildExperimentPayload(db: DbOrTx, experimentId: string, event: WebhookPayload['event'], ended: EndedAs | null): Promise<WebhookPayload | null> {
  const [exp] = await db.select({
    id: experiments.id, name: experiments.name, status: experiments.status, lastError: experiments.lastError,
    datasetId: experiments.datasetId, startedAt: experiments.startedAt, finishedAt: experiments.finishedAt, config: experiments.config,
    totalRuns: experiments.totalRuns, succeeded: experiments.runsSucceeded, failed: experiments.runsFailed, cached: experiments.runsCached,
    usd: experiments.costUsd, promptTokens: experiments.promptTokens, completionTokens: experiments.completionTokens, unpricedCalls: experiments.unpricedCalls,
  }).from(experiments).where(eq(experiments.id, experimentId));
  if (!exp) return null;
  const stats = await db.execute<{ evaluator_name: string; mean: number | null; n: number }>(sql`
    select evaluator_name, (sum(score_sum) / nullif(sum(scored), 0))::float8 as mean, sum(scored)::int as n
    from experiment_evaluator_stats where experiment_id = ${experimentId}
    group by evaluator_name`);
  const names = evaluatorNames(exp.config);
  const variants = (await variantSummaries(db, [experimentId])).get(experimentId) ?? [];
  const status = ended?.status ?? (exp.status as EndedStatus);
  return {
    event,
    experiment: {
      id: exp.id, name: exp.name, status, lastError: ended ? ended.lastError : exp.lastError, datasetId: exp.datasetId,
      startedAt: exp.startedAt?.toISOString() ?? null,
      // A user's stop leaves finished_at unset: the moment it ended is when the trigger saw it.
      finishedAt: (exp.finishedAt ?? ended?.at ?? new Date()).toISOString(),
      url: `${appUrl()}/experiments/${exp.id}`,
    },
    counts: { totalRuns: exp.totalRuns, succeeded: exp.succeeded, failed: exp.failed, cached: exp.cached },
    cost: { usd: Number(exp.usd), promptTokens: Number(exp.promptTokens), completionTokens: Number(exp.completionTokens), unpricedCalls: exp.unpricedCalls },
    scores: scoresInConfigOrder(names, [...stats].map((r) => ({ evaluator: r.evaluator_name, mean: r.mean === null ? null : Number(r.mean), n: Number(r.n) }))),
    variants: variants.map((v) => ({
      variant: v.variant, name: v.name, model: v.model,
      counts: { totalRuns: v.totalRuns, succeeded: v.runsSucceeded, failed: v.runsFailed, cached: v.runsCached },
      costUsd: v.costUsd,
      scores: scoresInConfigOrder(names, v.evaluatorAverages.map((a) => ({ evaluator: a.evaluator, mean: a.average, n: a.count }))),
    })),
  };
}

function evaluatorNames(config: unknown): string[] {
  const list = (config as { evaluators?: unknown } | null)?.evaluators;
  return Array.isArray(list) ? list.map((e) => (e as { name?: unknown })?.name).filter((n): n is string => typeof n === 'string') : [];
}

/** Every configured evaluator (one that scored nothing has mean null, n 0), in the config's order, then any others by name. */
function scoresInConfigOrder(names: string[], scored: WebhookPayload['scores']): WebhookPayload['scores'] {
  const byName = new Map(scored.map((s) => [s.evaluator, s]));
  const configured = names.map((name) => byName.get(name) ?? { evaluator: name, mean: null, n: 0 });
  const others = scored.filter((s) => !names.includes(s.evaluator)).sort((a, b) => a.evaluator.localeCompare(b.evaluator));
  return [...configured, ...others];
}

/** "Send test" when no experiment has ended yet: the same shape, with made-up values. */
export function samplePayload(): WebhookPayload {
  const id = '00000000-0000-4000-8000-000000000000';
  return {
    event: 'webhook.test',
    experiment: {
      id, name: 'Example experiment (test delivery)', status: 'COMPLETED', lastError: null, datasetId: '00000000-0000-4000-8000-000000000001',
      startedAt: new Date(Date.now() - 60_000).toISOString(), finishedAt: new Date().toISOString(), url: `${appUrl()}/experiments/${id}`,
    },
    counts: { totalRuns: 100, succeeded: 98, failed: 2, cached: 0 },
    cost: { usd: 0.0123, promptTokens: 12_000, completionTokens: 3_400, unpricedCalls: 0 },
    scores: [{ evaluator: 'exact-match', mean: 0.87, n: 98 }],
    variants: [{
      variant: 0, name: 'sim-small', model: 'sim-small', counts: { totalRuns: 100, succeeded: 98, failed: 2, cached: 0 }, costUsd: 0.0123,
      scores: [{ evaluator: 'exact-match', mean: 0.87, n: 98 }],
    }],
  };
}
