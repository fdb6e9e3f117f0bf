import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { LIMITS } from '../limits';
import { experiments, type EvaluationStatus, type RunStatus } from '../db/schema';
import { noLessLoadedWorker } from './worker-registry';
import type { ModelPrice } from '../costs/prices';
import { costSql } from '../costs/cost-sql';

/**
 * The runner's only way to write: every statement that records a result is fenced by the claim
 * epoch, checked in the same transaction under a row lock, so a worker that lost an experiment to
 * another worker writes nothing more for it. A user stop leaves the epoch alone, so in-flight
 * calls that finish after a stop are still recorded.
 */
export interface Fence { experimentId: string; epoch: number; workerId: string }

export class LostClaimError extends Error {
  constructor(experimentId: string) { super(`Lost the claim on experiment ${experimentId}`); }
}

/**
 * One atomic UPDATE: the experiment is ours only if nobody holds a live lease. A stopped
 * experiment's previous owner keeps its lease while its in-flight calls finish, so a quick resume
 * waits for them instead of sending them again.
 * With `balance`, also only if no live worker holds fewer experiments than we do (`held`), unless
 * it has been claimable for `graceMs` already: the least-loaded worker gets the first chance, and a
 * stale registry delays a claim by the grace at most.
 */
export async function claimExperiment(db: DbOrTx, p: {
  experimentId: string; workerId: string; leaseMs: number; balance?: { held: number; graceMs: number };
}) {
  const lease = sql`make_interval(secs => ${p.leaseMs / 1000})`;
  const [row] = await db.update(experiments).set({
    status: 'RUNNING', claimedAt: sql`now()`, claimedBy: p.workerId, claimEpoch: sql`${experiments.claimEpoch} + 1`,
    startedAt: sql`coalesce(${experiments.startedAt}, now())`, finishedAt: null, lastError: null,
  }).where(and(
    eq(experiments.id, p.experimentId),
    inArray(experiments.status, ['QUEUED', 'RUNNING']),
    sql`(${experiments.claimedAt} is null or ${experiments.claimedAt} < now() - ${lease})`,
    p.balance ? sql`(${noLessLoadedWorker(p.workerId, p.balance.held, p.leaseMs)}
      or ${claimableSince()} < now() - make_interval(secs => ${p.balance.graceMs / 1000}))` : undefined,
  )).returning();
  return row ?? null;

  // Since when anyone could claim it: its lease ran out, or it was resumed, or created.
  function claimableSince() {
    return sql`coalesce(${experiments.claimedAt} + ${lease}, ${experiments.toggledAt}, ${experiments.createdAt})`;
  }
}

/** Claimable by anyone but not claimed: a worker refused it for its load, so another one should take it. */
export async function awaitsClaim(db: DbOrTx, p: { experimentId: string; leaseMs: number }): Promise<boolean> {
  const [row] = await db.select({ id: experiments.id }).from(experiments).where(and(
    eq(experiments.id, p.experimentId),
    inArray(experiments.status, ['QUEUED', 'RUNNING']),
    sql`(${experiments.claimedAt} is null or ${experiments.claimedAt} < now() - make_interval(secs => ${p.leaseMs / 1000}))`,
  ));
  return !!row;
}

/**
 * A stopped experiment's last in-flight call has been recorded: give up the lease we kept while
 * draining. Returns the status it has now (QUEUED when resumed meanwhile: the caller claims it).
 */
export async function releaseDrained(db: DbOrTx, f: Fence): Promise<string | null> {
  const [row] = await db.update(experiments).set({ claimedAt: null, claimedBy: null })
    .where(and(eq(experiments.id, f.experimentId), eq(experiments.claimedBy, f.workerId), eq(experiments.claimEpoch, f.epoch),
      sql`${experiments.status} <> 'RUNNING'`))
    .returning({ status: experiments.status });
  return row?.status ?? null;
}

/**
 * What still stands between an experiment and its end, from its counters in one read: delayed
 * evaluations, and planned runs not yet recorded. Null when the experiment is gone.
 */
export async function completionState(db: DbOrTx, experimentId: string): Promise<{ delayed: number; missing: number } | null> {
  const [row] = await db.select({
    delayed: experiments.evalsDelayed,
    missing: sql<number>`greatest(0, ${experiments.totalRuns} - ${experiments.runsSucceeded} - ${experiments.runsFailed})::int`,
  }).from(experiments).where(eq(experiments.id, experimentId));
  return row ?? null;
}

/** Heartbeat: refresh our claims; the ids not returned were lost (stopped, deleted or taken over). */
export async function refreshClaims(db: DbOrTx, workerId: string, fences: Fence[]): Promise<Set<string>> {
  if (!fences.length) return new Set();
  const rows = await db.update(experiments).set({ claimedAt: sql`now()` })
    .where(and(eq(experiments.claimedBy, workerId), inArray(experiments.id, fences.map((f) => f.experimentId))))
    .returning({ id: experiments.id, epoch: experiments.claimEpoch });
  return ownedOf(rows, fences);
}

/**
 * The frequent, read-only check that lets an owner notice a stop within about a second. Per
 * experiment: still ours and RUNNING ('owned'), ours but stopped ('stopped': finish what is in
 * flight), or no longer ours at all ('revoked': deleted, Stop now, or taken over).
 */
export async function checkClaims(db: DbOrTx, workerId: string, fences: Fence[]): Promise<Map<string, 'owned' | 'stopped' | 'revoked'>> {
  const out = new Map<string, 'owned' | 'stopped' | 'revoked'>();
  if (!fences.length) return out;
  const rows = await db.select({ id: experiments.id, epoch: experiments.claimEpoch, status: experiments.status, claimedBy: experiments.claimedBy })
    .from(experiments).where(inArray(experiments.id, fences.map((f) => f.experimentId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const f of fences) {
    const r = byId.get(f.experimentId);
    out.set(f.experimentId, !r || r.claimedBy !== workerId || r.epoch !== f.epoch ? 'revoked' : r.status === 'RUNNING' ? 'owned' : 'stopped');
  }
  return out;
}

function ownedOf(rows: { id: string; epoch: number }[], fences: Fence[]) {
  const epochs = new Map(fences.map((f) => [f.experimentId, f.epoch]));
  return new Set(rows.filter((r) => epochs.get(r.id) === r.epoch).map((r) => r.id));
}

/**
 * The planned run counts (the experiment's and each variant's), written when a worker claims it.
 * A variant row missing (an experiment written some other way) is created here.
 */
export async function setPlan(db: DbOrTx, f: Fence, p: {
  itemsSkipped: number; variants: { variant: number; name: string; providerConnectionId: string; model: string; runs: number }[];
}) {
  const totalRuns = p.variants.reduce((a, v) => a + v.runs, 0);
  const plan = JSON.stringify(p.variants.map((v) => ({ variant: v.variant, name: v.name, provider_connection_id: v.providerConnectionId, model: v.model, runs: v.runs })));
  await db.execute(sql`
    with owner as (
      update experiments set total_runs = ${totalRuns}, items_skipped = ${p.itemsSkipped}
      where id = ${f.experimentId} and claim_epoch = ${f.epoch}
      returning id
    )
    insert into experiment_variants (experiment_id, variant, name, provider_connection_id, model, total_runs)
    select owner.id, x.variant, x.name, x.provider_connection_id, x.model, x.runs
    from owner, jsonb_to_recordset(${plan}::jsonb) as x(variant int, name text, provider_connection_id uuid, model text, runs int)
    on conflict (experiment_id, variant) do update set total_runs = excluded.total_runs`);
}

export interface RunResult {
  datasetItemId: string; repetition: number; status: RunStatus;
  /** The experiment's variant that made the call (0 for a single-variant experiment). */
  variant?: number;
  output?: unknown; error?: string | null; attempts: number; latencyMs?: number | null;
  promptTokens?: number | null; completionTokens?: number | null; request?: unknown; response?: unknown;
  /** The item's position in the dataset (dataset_items.seq); a trigger looks it up when absent. */
  itemSeq?: number | null;
  /** Prompt tokens served from the provider's cache. */
  cachedPromptTokens?: number | null;
  /** The price the call is charged at (loaded when the experiment was claimed); null = no price set. */
  price?: ModelPrice | null;
  /** Answered from the call cache: no provider call, costs nothing. */
  cached?: boolean;
  /** A succeeded answer with this key is kept in the call cache. */
  cacheKey?: string | null;
}

/**
 * Upserts a run, keeps the outcome as the run's next attempt (run_attempts) and adjusts the
 * progress counters in ONE statement. Returns the run id, null when it was already done, and
 * throws LostClaimError when fenced out.
 */
export async function recordRun(db: DbOrTx, f: Fence, r: RunResult): Promise<{ runId: string } | null> {
  return (await recordRuns(db, f, [r]))[0];
}

/**
 * recordRun for many runs of one experiment in ONE statement (one round trip, one short hold of
 * the experiment's row lock, one commit): the runner groups the results that arrive while a
 * write is on the wire, so per-run cost stays flat however fast the provider answers. A
 * succeeded run is never overwritten. The (item, repetition, variant) keys must be distinct.
 * Returns, in order, each run's id or null when it was already done.
 */
export async function recordRuns(db: DbOrTx, f: Fence, runs: RunResult[]): Promise<({ runId: string } | null)[]> {
  if (!runs.length) return [];
  const input = JSON.stringify(runs.map((r, ord) => ({
    ord, dataset_item_id: r.datasetItemId, item_seq: r.itemSeq ?? null, repetition: r.repetition, variant: r.variant ?? 0, status: r.status, output: r.output ?? null,
    error: r.error ?? null, attempts: r.attempts, latency_ms: r.latencyMs ?? null, prompt_tokens: r.promptTokens ?? null,
    completion_tokens: r.completionTokens ?? null, request: r.request ?? null, response: r.response ?? null,
    cached_prompt_tokens: r.cachedPromptTokens ?? null, price: r.price ?? null, cached: r.cached ?? false, cache_key: r.cacheKey ?? null,
  })));
  const rows = await db.execute<{ owned: boolean; ups: { ord: number; id: string }[] }>(sql`
    with owner as (
      select id from experiments where id = ${f.experimentId} and claim_epoch = ${f.epoch} for update
    ), input as (
      select * from jsonb_to_recordset(${input}::jsonb) as x(ord int, dataset_item_id uuid, item_seq bigint, repetition int, variant int, status text,
        output jsonb, error text, attempts int, latency_ms int, prompt_tokens int, completion_tokens int, request jsonb, response jsonb,
        cached_prompt_tokens int, price jsonb, cached boolean, cache_key text)
    ), prev as (
      select r.* from experiment_runs r
      join input i on r.dataset_item_id = i.dataset_item_id and r.repetition = i.repetition and r.variant = i.variant
      where r.experiment_id = ${f.experimentId}
    ), up as (
      insert into experiment_runs (experiment_id, dataset_item_id, item_seq, repetition, variant, status, output, error, attempts,
        latency_ms, prompt_tokens, completion_tokens, request, response, attempt_count, cached_prompt_tokens, price, cost_usd, cached)
      select owner.id, i.dataset_item_id, i.item_seq, i.repetition, i.variant, i.status, nullif(i.output, 'null'::jsonb), i.error,
        i.attempts, i.latency_ms, i.prompt_tokens, i.completion_tokens, nullif(i.request, 'null'::jsonb), nullif(i.response, 'null'::jsonb), 1,
        i.cached_prompt_tokens, nullif(i.price, 'null'::jsonb),
        case when i.cached then 0 else ${costSql(sql`i.prompt_tokens`, sql`i.cached_prompt_tokens`, sql`i.completion_tokens`, sql`nullif(i.price, 'null'::jsonb)`)} end,
        i.cached
      from owner, input i
      order by i.ord
      on conflict (experiment_id, dataset_item_id, repetition, variant) do update set
        status = excluded.status, output = excluded.output, error = excluded.error, attempts = excluded.attempts,
        latency_ms = excluded.latency_ms, prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
        request = excluded.request, response = excluded.response, updated_at = clock_timestamp(),
        attempt_count = experiment_runs.attempt_count + 1,
        cached_prompt_tokens = excluded.cached_prompt_tokens, price = excluded.price, cost_usd = excluded.cost_usd, cached = excluded.cached
      where experiment_runs.status <> 'SUCCEEDED'
      returning id, dataset_item_id, repetition, variant, status, cached, latency_ms, prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd,
        (price is null and (prompt_tokens is not null or completion_tokens is not null)) as unpriced
    ), attempt as (
      -- The run row holds the latest outcome; an outcome it replaces (a failed run re-run) is
      -- kept here first, so no attempt's error or response is ever lost and none is stored twice.
      insert into run_attempts (run_id, experiment_id, attempt, status, output, error, calls, latency_ms,
        prompt_tokens, completion_tokens, request, response, created_at, cached_prompt_tokens, price, cost_usd)
      select prev.id, prev.experiment_id, prev.attempt_count, prev.status, prev.output, prev.error, prev.attempts,
        prev.latency_ms, prev.prompt_tokens, prev.completion_tokens, prev.request, prev.response, prev.updated_at,
        prev.cached_prompt_tokens, prev.price, prev.cost_usd
      from prev join up on up.id = prev.id
      -- Two outcomes of one run at once cannot happen (one owner, one call per run); if it ever
      -- did, the record stays correct and only a copy of the superseded outcome is skipped.
      on conflict do nothing
      returning 1
    ), kept as (
      -- A fresh answer to a cacheable call is kept for the next identical one.
      insert into call_cache (key, output, prompt_tokens, completion_tokens, bytes)
      select i.cache_key, nullif(i.output, 'null'::jsonb), i.prompt_tokens, i.completion_tokens, 200 + octet_length(coalesce(i.output::text, ''))
      from input i join up on up.dataset_item_id = i.dataset_item_id and up.repetition = i.repetition and up.variant = i.variant
      where i.cache_key is not null and i.status = 'SUCCEEDED' and not i.cached
      on conflict (key) do nothing
      returning 1
    ), counted as (
      update experiments set
        runs_cached = runs_cached + (select count(*) from up where cached),
        runs_succeeded = runs_succeeded + (select count(*) from up where status = 'SUCCEEDED'),
        runs_failed = runs_failed + (select count(*) from up where status = 'FAILED')
          - (select count(*) from prev join up on up.id = prev.id where prev.status = 'FAILED'),
        -- Usage and cost of the calls recorded here (a superseded outcome stays counted: it was paid).
        prompt_tokens = experiments.prompt_tokens + (select coalesce(sum(prompt_tokens), 0) from up),
        completion_tokens = experiments.completion_tokens + (select coalesce(sum(completion_tokens), 0) from up),
        cached_prompt_tokens = experiments.cached_prompt_tokens + (select coalesce(sum(cached_prompt_tokens), 0) from up),
        cost_usd = experiments.cost_usd + (select coalesce(sum(cost_usd), 0) from up),
        unpriced_calls = unpriced_calls + (select count(*) from up where unpriced)
      where id = (select id from owner) and exists (select 1 from up)
      returning 1
    ), by_variant as (
      select up.variant,
        count(*) filter (where up.cached) as cached,
        count(*) filter (where up.status = 'SUCCEEDED') as succeeded,
        count(*) filter (where up.status = 'FAILED') - count(*) filter (where prev.status = 'FAILED') as failed,
        coalesce(sum(up.prompt_tokens), 0) as prompt_tokens, coalesce(sum(up.completion_tokens), 0) as completion_tokens,
        coalesce(sum(up.cached_prompt_tokens), 0) as cached_prompt_tokens, coalesce(sum(up.cost_usd), 0) as cost_usd,
        count(*) filter (where up.unpriced) as unpriced,
        coalesce(sum(up.latency_ms) filter (where up.status = 'SUCCEEDED' and not up.cached), 0) as latency
      from up left join prev on prev.id = up.id
      group by up.variant
    ), variant_counted as (
      -- The same counts per variant, under the experiment's row lock taken above.
      update experiment_variants v set
        runs_cached = v.runs_cached + b.cached, runs_succeeded = v.runs_succeeded + b.succeeded, runs_failed = v.runs_failed + b.failed,
        prompt_tokens = v.prompt_tokens + b.prompt_tokens, completion_tokens = v.completion_tokens + b.completion_tokens,
        cached_prompt_tokens = v.cached_prompt_tokens + b.cached_prompt_tokens, cost_usd = v.cost_usd + b.cost_usd,
        unpriced_calls = v.unpriced_calls + b.unpriced, latency_ms_sum = v.latency_ms_sum + b.latency
      from by_variant b
      where v.experiment_id = (select id from owner) and v.variant = b.variant
      returning 1
    )
    select exists (select 1 from owner) as owned,
      (select coalesce(json_agg(json_build_object('ord', i.ord, 'id', up.id)), '[]'::json)
         from up join input i on i.dataset_item_id = up.dataset_item_id and i.repetition = up.repetition and i.variant = up.variant) as ups,
      (select count(*) from counted) as counted, (select count(*) from variant_counted) as variant_counted`);
  const row = rows[0];
  if (!row?.owned) throw new LostClaimError(f.experimentId);
  const ids = new Map(row.ups.map((u) => [u.ord, u.id]));
  return runs.map((_, ord) => (ids.has(ord) ? { runId: ids.get(ord)! } : null));
}

export interface EvaluationResultRow {
  runId: string; evaluatorName: string; status: EvaluationStatus;
  score?: number | null; label?: string | null; explanation?: string | null; error?: string | null;
  attempts: number; firstAttemptAt?: Date | null; nextRetryAt?: Date | null;
  /** The judge call's usage and the price it is charged at; added to what earlier calls of it used. */
  promptTokens?: number | null; completionTokens?: number | null; cachedPromptTokens?: number | null; price?: ModelPrice | null;
}

/**
 * Upserts an evaluation and moves its counters (completed / failed / delayed) in one statement.
 * Fenced by the claim epoch, or (epoch null: the delayed-retry job, which owns no claim) only by
 * the experiment row's lock. A completed evaluation is never overwritten.
 */
export async function recordEvaluation(db: DbOrTx, f: Fence | { experimentId: string; epoch: null }, e: EvaluationResultRow): Promise<{ id: string } | null> {
  const price = e.price ? JSON.stringify(e.price) : null;
  const rows = await db.execute<{ owned: boolean; id: string | null }>(sql`
    with owner as (
      select id from experiments where id = ${f.experimentId} ${f.epoch === null ? sql`` : sql`and claim_epoch = ${f.epoch}`} for update
    ), prev as (
      select status from evaluations where run_id = ${e.runId} and evaluator_name = ${e.evaluatorName}
    ), call as (
      select ${e.promptTokens ?? null}::int as prompt_tokens, ${e.completionTokens ?? null}::int as completion_tokens,
        ${e.cachedPromptTokens ?? null}::int as cached_prompt_tokens, ${price}::jsonb as price
    ), charged as (
      select call.*, ${costSql(sql`call.prompt_tokens`, sql`call.cached_prompt_tokens`, sql`call.completion_tokens`, sql`call.price`)} as cost_usd,
        (call.price is null and (call.prompt_tokens is not null or call.completion_tokens is not null)) as unpriced
      from call
    ), up as (
      insert into evaluations (run_id, experiment_id, evaluator_name, status, score, label, explanation, error, attempts,
        first_attempt_at, next_retry_at, prompt_tokens, completion_tokens, cached_prompt_tokens, price, cost_usd)
      select ${e.runId}, owner.id, ${e.evaluatorName}, ${e.status}, ${e.score ?? null}, ${e.label ?? null},
        ${e.explanation ?? null}, ${e.error ?? null}, ${e.attempts}, ${e.firstAttemptAt?.toISOString() ?? null}::timestamptz, ${e.nextRetryAt?.toISOString() ?? null}::timestamptz,
        charged.prompt_tokens, charged.completion_tokens, charged.cached_prompt_tokens, charged.price, charged.cost_usd
      from owner, charged
      on conflict (run_id, evaluator_name) do update set
        status = excluded.status, score = excluded.score, label = excluded.label, explanation = excluded.explanation,
        error = excluded.error, attempts = excluded.attempts, next_retry_at = excluded.next_retry_at,
        first_attempt_at = coalesce(evaluations.first_attempt_at, excluded.first_attempt_at), updated_at = clock_timestamp(),
        -- Every judge call of this evaluation is summed here (a failed verdict's call was paid too).
        prompt_tokens = ${addNullable('prompt_tokens')}, completion_tokens = ${addNullable('completion_tokens')},
        cached_prompt_tokens = ${addNullable('cached_prompt_tokens')}, cost_usd = ${addNullable('cost_usd')},
        price = coalesce(excluded.price, evaluations.price)
      where evaluations.status <> 'COMPLETED'
      returning id
    ), counted as (
      update experiments set
        evals_completed = evals_completed + ${e.status === 'COMPLETED' ? 1 : 0},
        evals_failed = evals_failed + ${e.status === 'ERROR' ? 1 : 0} - (case when (select status from prev) = 'ERROR' then 1 else 0 end),
        evals_delayed = evals_delayed + ${e.status === 'DELAYED' ? 1 : 0} - (case when (select status from prev) = 'DELAYED' then 1 else 0 end),
        prompt_tokens = experiments.prompt_tokens + (select coalesce(prompt_tokens, 0) from charged),
        completion_tokens = experiments.completion_tokens + (select coalesce(completion_tokens, 0) from charged),
        cached_prompt_tokens = experiments.cached_prompt_tokens + (select coalesce(cached_prompt_tokens, 0) from charged),
        cost_usd = experiments.cost_usd + (select coalesce(cost_usd, 0) from charged),
        unpriced_calls = unpriced_calls + (select case when unpriced then 1 else 0 end from charged)
      where id = (select id from owner) and exists (select 1 from up)
      returning 1
    ), variant_counted as (
      -- A judge's call is part of what its run's variant cost.
      update experiment_variants v set
        prompt_tokens = v.prompt_tokens + coalesce(charged.prompt_tokens, 0), completion_tokens = v.completion_tokens + coalesce(charged.completion_tokens, 0),
        cached_prompt_tokens = v.cached_prompt_tokens + coalesce(charged.cached_prompt_tokens, 0), cost_usd = v.cost_usd + coalesce(charged.cost_usd, 0),
        unpriced_calls = v.unpriced_calls + case when charged.unpriced then 1 else 0 end
      from charged
      where v.experiment_id = (select id from owner) and exists (select 1 from up)
        and (charged.prompt_tokens is not null or charged.completion_tokens is not null)
        and v.variant = (select variant from experiment_runs where id = ${e.runId})
      returning 1
    )
    select exists (select 1 from owner) as owned, (select id from up) as id, (select count(*) from counted) as counted,
      (select count(*) from variant_counted) as variant_counted`);
  const row = rows[0];
  if (!row?.owned) {
    if (f.epoch !== null) throw new LostClaimError(f.experimentId);
    return null; // the experiment was deleted
  }
  return row.id ? { id: row.id } : null;
}

/** An evaluation column plus this call's value; null only while neither is known. */
function addNullable(column: string) {
  const c = sql.raw(column);
  return sql`case when evaluations.${c} is null and excluded.${c} is null then null else coalesce(evaluations.${c}, 0) + coalesce(excluded.${c}, 0) end`;
}

export interface ErrorEntry {
  source: string; kind?: string; message: string; datasetItemId?: string | null; repetition?: number | null; attempt?: number | null;
  /** The variant whose call it was; unset for entries about the whole experiment. */
  variant?: number | null;
}

// Postgres text cannot hold NUL; a provider's message can.
const cleanMessage = (m: string) => m.slice(0, LIMITS.errorMessageChars).replaceAll('\u0000', '');

/** A writer's fence for the error log: a claim's, or (epoch null) a writer without one, like the delayed-evaluation job. */
export type LogFence = Fence | { experimentId: string; epoch: null };

/**
 * Appends to the experiment's error log in ONE statement, fenced like recordRun: a worker that
 * lost the claim appends nothing (returns false). The counter keeps the true total; the log keeps
 * the newest `cap` entries, trimming the oldest by their position (seq) in the same statement.
 * A concurrent writer's rows committed while this one waited for the lock are not visible to its
 * trim; the next append trims them.
 */
export async function logErrors(db: DbOrTx, f: LogFence, entries: ErrorEntry[], cap: number = LIMITS.errorLogEntries): Promise<boolean> {
  if (!entries.length) return true;
  if (!(Number.isSafeInteger(cap) && cap > 0)) throw new Error(`The error log cap must be a positive integer, got ${cap}`);
  // More than the cap at once: only the newest of them could be kept.
  const kept = entries.slice(-cap);
  const skip = entries.length - kept.length;
  const values = sql.join(kept.map((e, i) => sql`(${skip + i + 1}::int, ${e.source}::text, ${e.kind ?? null}::text,
    ${cleanMessage(e.message)}::text, ${e.datasetItemId ?? null}::uuid, ${e.repetition ?? null}::int, ${e.attempt ?? null}::int,
    ${e.variant ?? null}::int)`), sql`, `);
  const rows = await db.execute<{ owned: boolean }>(sql`
    with owner as (
      update experiments set errors_logged = errors_logged + ${entries.length}
      where id = ${f.experimentId} ${f.epoch === null ? sql`` : sql`and claim_epoch = ${f.epoch}`}
      returning id, errors_logged as logged
    ), entry (ord, source, kind, message, dataset_item_id, repetition, attempt, variant) as (
      values ${values}
    ), added as (
      insert into experiment_errors (experiment_id, seq, source, kind, message, dataset_item_id, repetition, attempt, variant)
      select owner.id, owner.logged - ${entries.length} + entry.ord, entry.source, entry.kind, entry.message,
        entry.dataset_item_id, entry.repetition, entry.attempt, entry.variant
      from owner, entry
      order by entry.ord
      returning 1
    ), trimmed as (
      delete from experiment_errors
      where experiment_id = (select id from owner) and seq <= (select logged from owner) - ${cap}
      returning 1
    )
    select exists (select 1 from owner) as owned`);
  return rows[0]?.owned === true;
}

/** Hands experiments back (worker shutdown): QUEUED with no claim, so any worker may take them now. */
export async function releaseClaims(db: DbOrTx, workerId: string, fences: Fence[]): Promise<string[]> {
  if (!fences.length) return [];
  const rows = await db.update(experiments).set({ status: 'QUEUED', claimedAt: null, claimedBy: null })
    .where(and(eq(experiments.claimedBy, workerId), eq(experiments.status, 'RUNNING'), inArray(experiments.id, fences.map((f) => f.experimentId))))
    .returning({ id: experiments.id });
  return rows.map((r) => r.id);
}

/** Ends our claim: COMPLETED, ERROR, or STOPPED by the runner itself (a budget cap). Fenced, so a lost experiment is not touched. */
export async function finishExperiment(db: DbOrTx, f: Fence, p: { status: 'COMPLETED' | 'ERROR' | 'STOPPED'; lastError?: string | null }) {
  const rows = await db.update(experiments).set({
    status: p.status, lastError: p.lastError ?? null, claimedAt: null, claimedBy: null, finishedAt: sql`now()`,
  }).where(and(eq(experiments.id, f.experimentId), eq(experiments.claimEpoch, f.epoch), eq(experiments.status, 'RUNNING')))
    .returning({ id: experiments.id });
  return rows.length > 0;
}

/** Sets the "rate limited" mark and counts `waits` more rate-limit waits, in one statement. */
export async function markRateLimited(db: DbOrTx, experimentIds: string[], waits = 1) {
  if (!experimentIds.length) return;
  await db.update(experiments).set({ rateLimitedAt: sql`now()`, rateLimitWaits: sql`${experiments.rateLimitWaits} + ${waits}` })
    .where(inArray(experiments.id, experimentIds));
}

/** Experiments whose owner's lease ran out (or that were queued a lease ago and never picked up). */
export async function findOrphans(db: DbOrTx, leaseMs: number): Promise<string[]> {
  const rows = await db.select({ id: experiments.id }).from(experiments).where(and(
    inArray(experiments.status, ['QUEUED', 'RUNNING']),
    sql`coalesce(${experiments.claimedAt}, ${experiments.toggledAt}, ${experiments.createdAt}) < now() - make_interval(secs => ${leaseMs / 1000})`,
  ));
  return rows.map((r) => r.id);
}

/** QUEUED and claimable now: what a worker that may have missed notices (it was deaf) catches up on. */
export async function findClaimable(db: DbOrTx, leaseMs: number): Promise<string[]> {
  const rows = await db.select({ id: experiments.id }).from(experiments).where(and(
    eq(experiments.status, 'QUEUED'),
    sql`(${experiments.claimedAt} is null or ${experiments.claimedAt} < now() - make_interval(secs => ${leaseMs / 1000}))`,
  ));
  return rows.map((r) => r.id);
}

/** Ephemeral runs whose page stopped sending its heartbeat are stopped (not by a user: no cooldown). */
export async function stopAbandonedEphemeral(db: DbOrTx, timeoutMs: number): Promise<number> {
  // The lease stays with the owner while its in-flight calls finish (see releaseDrained).
  const rows = await db.update(experiments).set({ status: 'STOPPED' })
    .where(and(eq(experiments.record, false), inArray(experiments.status, ['QUEUED', 'RUNNING']),
      sql`${experiments.clientSeenAt} < now() - make_interval(secs => ${timeoutMs / 1000})`))
    .returning({ id: experiments.id });
  return rows.length;
}

export async function deleteExpiredEphemeral(db: DbOrTx, retentionMs: number): Promise<number> {
  const rows = await db.delete(experiments).where(and(eq(experiments.record, false),
    inArray(experiments.status, ['STOPPED', 'COMPLETED', 'ERROR']),
    sql`${experiments.createdAt} < now() - make_interval(secs => ${retentionMs / 1000})`))
    .returning({ id: experiments.id });
  return rows.length;
}
