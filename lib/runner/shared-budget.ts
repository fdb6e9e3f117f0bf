// One provider budget shared by every worker, through PostgreSQL. Each worker paces locally (its
// AdaptiveTokenBucket per provider connection); about every 500 ms this sync reports, in one
// statement for all the providers it uses, what its buckets changed (additive increases, a cut, a
// learned limit) and its demand, and reads back the merged provider-wide state plus the other live
// workers' demand. Its bucket then paces at its share. Never a statement per call.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { AdaptiveTokenBucket, BucketReport, TokenBucketRegistry } from './token-bucket';

export interface SharedBudgetOptions {
  /** Sync period; each tick is jittered by up to +-jitterMs so workers do not sync in step. */
  intervalMs?: number;
  jitterMs?: number;
  /** A worker's demand row older than this (database time) belongs to a dead worker. */
  staleMs?: number;
  /** A bucket not asked for capacity within this long is idle: its worker stops reporting demand. */
  activeWithinMs?: number;
  /** Off only to measure what sharing buys (RUNNER_SHARED_BUDGET=off): each worker then assumes the whole budget. */
  enabled?: boolean;
}

export interface WorkerDemand { backlogged: boolean; usedRps: number }

/**
 * This worker's fraction of the provider-wide rate. Workers that did not wait on their share
 * (light) keep what they used; the rest is split evenly between the backlogged ones and this one,
 * so a worker with little work does not strand budget the others could use.
 */
export function shareOf(others: WorkerDemand[], providerRate: number): number {
  if (!(providerRate > 0) || others.length === 0) return 1;
  let light = 0;
  let heavy = 0;
  for (const o of others) {
    if (o.backlogged) heavy++;
    else light += Math.min(Math.max(0, o.usedRps), providerRate);
  }
  // Light workers may grow up to their fair share before they count as backlogged: reserve at
  // least that much of the rate for everyone, so one sync period of growth never overshoots much.
  const fair = providerRate / (others.length + 1);
  const mine = Math.max(fair, (providerRate - light) / (heavy + 1));
  return Math.min(1, mine / providerRate);
}

const CLEANUP_EVERY = 120; // ticks (about a minute): dead workers' rows are deleted

export class SharedBudget {
  private readonly intervalMs: number;
  private readonly jitterMs: number;
  private readonly staleMs: number;
  private readonly activeWithinMs: number;
  private readonly known = new Set<string>();
  private reportedLast = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private ticks = 0;
  private readonly enabled: boolean;
  lastError: Error | null = null;

  constructor(private readonly db: Db, private readonly registry: TokenBucketRegistry, private readonly workerId: string, opts: SharedBudgetOptions = {}) {
    this.intervalMs = opts.intervalMs ?? 500;
    this.jitterMs = opts.jitterMs ?? 100;
    this.staleMs = opts.staleMs ?? 3000;
    this.activeWithinMs = opts.activeWithinMs ?? 5000;
    this.enabled = opts.enabled ?? process.env.RUNNER_SHARED_BUDGET !== 'off';
  }

  start(): void {
    if (!this.enabled) return;
    this.stopped = false;
    this.schedule();
  }

  /** A provider came into use: sync now rather than at the next tick. */
  syncSoon(): void {
    if (this.stopped || !this.enabled) return;
    if (this.running) { this.again = true; return; }
    void this.sync();
  }

  /** One sync (or waits for the one under way, then runs another). Never throws. */
  async sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.syncOnce()
      .then(() => { this.lastError = null; })
      .catch((err: Error) => {
        // The buckets keep pacing on their own; the next tick tries again.
        if (!this.lastError) console.error('[shared-budget] sync failed; pacing locally until it works again:', err.message);
        this.lastError = err;
      })
      .finally(() => { this.running = null; });
    await this.running;
    if (this.again && !this.stopped) {
      this.again = false;
      await this.sync();
    }
  }

  /** Stops the timer and removes this worker's demand, so the others take its share at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.db.execute(sql`delete from provider_budget_workers where worker_id = ${this.workerId}`).catch(() => {});
  }

  private schedule() {
    if (this.stopped) return;
    const delay = this.intervalMs + (Math.random() * 2 - 1) * this.jitterMs;
    this.timer = setTimeout(() => { void this.sync().finally(() => this.schedule()); }, Math.max(10, delay));
    this.timer.unref();
  }

  private async syncOnce(): Promise<void> {
    const active: { id: string; bucket: AdaptiveTokenBucket }[] = [];
    for (const [id, bucket] of this.registry.entries()) if (bucket.usedWithin(this.activeWithinMs)) active.push({ id, bucket });
    const idle = [...this.reportedLast].filter((id) => !active.some((a) => a.id === id));
    this.reportedLast = new Set(active.map((a) => a.id));
    if (idle.length) {
      // No more demand here: leave at once rather than when the row goes stale.
      await this.db.execute(sql`delete from provider_budget_workers where worker_id = ${this.workerId}
        and provider_connection_id in (${sql.join(idle.map((id) => sql`${id}::uuid`), sql`, `)})`);
    }
    if (!active.length) return;
    const reports = active.map((a) => ({ ...a, report: a.bucket.takeReport() }));
    const fresh = reports.filter((r) => !this.known.has(r.id));
    if (fresh.length) {
      // Joined to the connections: one deleted meanwhile is skipped, not a failed sync.
      await this.db.execute(sql`insert into provider_budgets (provider_connection_id, rate_rps, learned_rpm, learned_tpm)
        select v.id, v.rate, v.rpm, v.tpm from (values ${sql.join(fresh.map((r) => sql`(${r.id}::uuid, ${r.report.rate}::float8, ${r.report.learnedRpm}::int, ${r.report.learnedTpm}::int)`), sql`, `)}) v (id, rate, rpm, tpm)
        join provider_connections pc on pc.id = v.id
        on conflict (provider_connection_id) do nothing`);
      for (const r of fresh) this.known.add(r.id);
    }
    const cleanup = ++this.ticks % CLEANUP_EVERY === 0;
    const rows = await this.db.execute<SyncRow>(syncStatement(this.workerId, reports.map((r) => ({ id: r.id, ...r.report })), this.staleMs, cleanup));
    for (const row of rows) {
      const bucket = reports.find((r) => r.id === row.provider_connection_id)?.bucket;
      if (!bucket) continue;
      const rate = Number(row.rate_rps);
      const others = (row.others ?? []) as WorkerDemand[];
      const limitBefore = bucket.maxRequestsPerMinute;
      bucket.applyShared({
        rate, learnedRpm: row.learned_rpm, learnedTpm: row.learned_tpm, slowStart: row.slow_start,
        cutAgeMs: row.cut_age_ms === null ? null : Number(row.cut_age_ms),
        share: shareOf(others, rate),
      });
      if (bucket.maxRequestsPerMinute !== limitBefore && row.learned_rpm !== null && bucket.maxRequestsPerMinute === row.learned_rpm) {
        console.log(`[shared-budget] provider ${row.provider_connection_id}: pacing to ${row.learned_rpm}/min, a limit another worker learned`);
      }
    }
  }
}

interface SyncRow extends Record<string, unknown> {
  provider_connection_id: string; rate_rps: number | string; learned_rpm: number | null; learned_tpm: number | null;
  slow_start: boolean; cut_age_ms: number | string | null; others: unknown;
}

/**
 * One statement: upsert this worker's demand rows, merge its changes into each provider's row
 * (a cut takes the lowest rate, increases add up, a learned limit wins), and return the merged
 * state with the other live workers' demand. The CTEs share one snapshot, so `others` is read as
 * of the statement's start (without this worker's own row, which it knows).
 */
function syncStatement(workerId: string, reports: (BucketReport & { id: string })[], staleMs: number, cleanup: boolean) {
  const values = sql.join(reports.map((r) => sql`(${r.id}::uuid, ${r.rate}::float8, ${r.maxRate}::float8, ${r.increase}::float8,
    ${r.cutTo}::float8, ${r.learnedRpm}::int, ${r.learnedTpm}::int, ${r.backlogged}::boolean, ${r.usedRps}::float8)`), sql`, `);
  return sql`
    with r (id, rate, max_rate, increase, cut_to, learned_rpm, learned_tpm, backlogged, used_rps) as (values ${values}),
    w as (
      insert into provider_budget_workers (provider_connection_id, worker_id, backlogged, used_rps, seen_at)
      select r.id, ${workerId}, r.backlogged, r.used_rps, now() from r
      join provider_connections pc on pc.id = r.id
      on conflict (provider_connection_id, worker_id) do update
        set backlogged = excluded.backlogged, used_rps = excluded.used_rps, seen_at = excluded.seen_at
    ),
    gone as (
      delete from provider_budget_workers where ${cleanup}::boolean and seen_at < now() - interval '10 minutes'
    ),
    b as (
      update provider_budgets b set
        rate_rps = greatest(0.01, least(r.max_rate, case
          when r.cut_to is not null then least(b.rate_rps, r.cut_to)
          else b.rate_rps + r.increase end)),
        learned_rpm = coalesce(r.learned_rpm, b.learned_rpm),
        learned_tpm = coalesce(r.learned_tpm, b.learned_tpm),
        slow_start = b.slow_start and r.cut_to is null,
        last_cut_at = case when r.cut_to is not null then now() else b.last_cut_at end,
        updated_at = now()
      from r where b.provider_connection_id = r.id
      returning b.*
    )
    select b.provider_connection_id, b.rate_rps, b.learned_rpm, b.learned_tpm, b.slow_start,
      extract(epoch from now() - b.last_cut_at) * 1000 as cut_age_ms,
      coalesce((
        select json_agg(json_build_object('backlogged', pw.backlogged, 'usedRps', pw.used_rps))
        from provider_budget_workers pw
        where pw.provider_connection_id = b.provider_connection_id and pw.worker_id <> ${workerId}
          and pw.seen_at > now() - make_interval(secs => ${staleMs / 1000})
      ), '[]'::json) as others
    from b`;
}
