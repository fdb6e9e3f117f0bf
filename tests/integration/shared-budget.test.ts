import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../helpers/db';
import { simulatorProvider } from '../helpers/fixtures';
import { FakeClock } from '../../lib/runner/clock';
import { TokenBucketRegistry, type AdaptiveTokenBucket } from '../../lib/runner/token-bucket';
import { SharedBudget } from '../../lib/runner/shared-budget';
import { createProvider, getProviderCredentials, providerInputSchema } from '../../lib/providers/connections';

// Two "workers" in this process, each a registry and a sync against one real database; syncs are
// called by hand (no timers), so the test follows the merge step by step.
let t: TestDb;
let provider: { id: string };
const clock = new FakeClock(1_000_000);

beforeAll(async () => {
  t = await createTestDb();
  provider = await simulatorProvider(t.db, 'http://127.0.0.1:9/v1');
});
afterAll(() => t?.drop());

function worker(id: string) {
  const registry = new TokenBucketRegistry(clock);
  const budget = new SharedBudget(t.db, registry, id, { enabled: true });
  const bucket = registry.get(provider.id, { initialRequestsPerSecond: 100, maxRequestsPerSecond: 1000 });
  return { budget, bucket };
}

/** Asks for more than the share allows, so the worker counts as backlogged. */
function wantMore(bucket: AdaptiveTokenBucket) {
  while (bucket.tryTake());
  expect(bucket.hasCapacity()).toBe(false);
}

describe('shared provider budget', () => {
  it('splits the rate between workers, passes a cut and a learned limit on, and forgets a dead worker', async () => {
    const a = worker('worker-a');
    const b = worker('worker-b');
    await a.budget.sync();
    await b.budget.sync();
    // Two rounds: each sees the other's demand one sync after it was reported.
    for (let round = 0; round < 2; round++) {
      wantMore(a.bucket);
      wantMore(b.bucket);
      await a.budget.sync();
      await b.budget.sync();
    }
    // Both backlogged: each paces at half of the provider-wide rate.
    expect(a.bucket.rate).toBeCloseTo(a.bucket.providerRate / 2);
    expect(b.bucket.rate).toBeCloseTo(b.bucket.providerRate / 2);
    expect(a.bucket.inSlowStart).toBe(true);

    // A 429 in A: its cut ends slow start for B too, at B's next sync.
    clock.advance(1000);
    a.bucket.onRateLimited();
    const cut = a.bucket.providerRate;
    await a.budget.sync();
    wantMore(b.bucket);
    await b.budget.sync();
    expect(b.bucket.inSlowStart).toBe(false);
    expect(b.bucket.providerRate).toBeCloseTo(cut);

    // A learns the advertised limit: B paces to it at its next sync, at its share.
    clock.advance(5000);
    a.bucket.learnLimit(600);
    wantMore(a.bucket);
    await a.budget.sync();
    wantMore(b.bucket);
    await b.budget.sync();
    expect(b.bucket.maxRequestsPerMinute).toBe(600);
    expect(b.bucket.rate).toBeLessThanOrEqual(5 + 1e-9);

    // A dies: once its row is stale by the database's clock, B has the whole budget.
    await t.db.execute(sql`update provider_budget_workers set seen_at = now() - interval '1 minute' where worker_id = 'worker-a'`);
    wantMore(b.bucket);
    await b.budget.sync();
    expect(b.bucket.rate).toBeCloseTo(b.bucket.providerRate);

    // A graceful stop removes the row at once.
    await b.budget.stop();
    const rows = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from provider_budget_workers where worker_id = 'worker-b'`);
    expect(rows[0].n).toBe(0);
  });

  it('adds up increases from every worker (doubling per second of successes in slow start, wherever they land)', async () => {
    const p = await simulatorProvider(t.db, 'http://127.0.0.1:9/v1');
    const make = (id: string) => {
      const registry = new TokenBucketRegistry(clock);
      return { budget: new SharedBudget(t.db, registry, id, { enabled: true }), bucket: registry.get(p.id, { initialRequestsPerSecond: 10, maxRequestsPerSecond: 1000 }) };
    };
    const a = make('inc-a');
    const b = make('inc-b');
    await a.budget.sync();
    await b.budget.sync();
    const start = a.bucket.providerRate;
    for (let i = 0; i < 5; i++) { a.bucket.onSuccess(); b.bucket.onSuccess(); }
    await a.budget.sync();
    await b.budget.sync();
    await a.budget.sync();
    expect(a.bucket.providerRate).toBeCloseTo(start + 10);
    expect(b.bucket.providerRate).toBeCloseTo(start + 10);
  });
});

describe('tokens-per-minute limit on a provider connection', () => {
  it('is stored, shown in the summary, handed to the runner, and bad values are refused with the limit named', async () => {
    // A public address from an injected resolver: nothing is contacted, the outbound policy is satisfied.
    const created = await createProvider(t.db, { name: `tpm-${Date.now()}`, baseUrl: 'https://api.example.com/v1', requestsPerMinute: 600, tokensPerMinute: 90_000 },
      { resolve: async () => [{ address: '93.184.216.34' }] });
    expect(created).toMatchObject({ requestsPerMinute: 600, tokensPerMinute: 90_000 });
    expect((await getProviderCredentials(t.db, created.id))?.tokensPerMinute).toBe(90_000);
    const zero = providerInputSchema.safeParse({ name: 'x', baseUrl: 'http://127.0.0.1:9/v1', tokensPerMinute: 0 });
    expect(zero.success).toBe(false);
    expect(zero.error?.issues[0].message).toBe('Tokens per minute must be at least 1');
    const huge = providerInputSchema.safeParse({ name: 'x', baseUrl: 'http://127.0.0.1:9/v1', tokensPerMinute: 2_000_000_000 });
    expect(huge.error?.issues[0].message).toBe('Tokens per minute must be at most 1,000,000,000');
  });
});
