// The cost estimate before Run on a 100k-item dataset: the answer the form
// waits for, sample, count and tokenizer included. Its own database, seeded with generate_series.
import { sql } from 'drizzle-orm';
import type { Db } from '../lib/db/client';
import { estimateExperiment } from '../lib/costs/estimate-experiment';
import { estimateRequestSchema } from '../lib/costs/estimate-schema';
import { countChatTokens } from '../lib/costs/tokenizer';
import { renderMessages } from '../lib/prompts/template';
import { DEFAULT_JUDGE_TEMPLATE } from '../lib/evaluators/judge-verdict';
import type { Bench } from './harness';
import { migratedDatabase } from './kit';
import type { Report } from './faults';
import type { BenchScenario } from './scenario';

const DB = 'bench_estimate';
const ITEMS = 100_000;
const RUNS = 7;
const MESSAGES = [
  { role: 'system' as const, content: 'You are a precise assistant. Answer with the result only.' },
  { role: 'user' as const, content: 'Question {{question}}\nContext: {{context}}' },
];

async function seed(db: Db): Promise<{ datasetId: string; providerId: string }> {
  await db.execute(sql`truncate datasets, provider_connections cascade`);
  const [provider] = await db.execute<{ id: string }>(sql`insert into provider_connections (name, base_url, is_simulator)
    values ('bench', 'http://127.0.0.1:1/v1', true) returning id`);
  const [dataset] = await db.execute<{ id: string }>(sql`insert into datasets (name) values ('estimate 100k') returning id`);
  // Contexts of 1 to 40 words, varying along the dataset, so the head alone would mislead.
  await db.execute(sql`insert into dataset_items (dataset_id, input, expected_output)
    select ${dataset.id}, jsonb_build_object('question', 'what is ' || n || ' + ' || (n * 7) || '?',
      'context', repeat('lorem ipsum ', 1 + (n * 40 / ${ITEMS}))), jsonb_build_object('answer', (n * 8)::text)
    from generate_series(1, ${ITEMS}) n`);
  await db.execute(sql`analyze dataset_items`);
  return { datasetId: dataset.id, providerId: provider.id };
}

/** The exact input tokens of the task calls, every prompt rendered and tokenized: the estimate's reference. */
async function exactTaskTokens(db: Db, datasetId: string): Promise<number> {
  let total = 0;
  let after = 0;
  for (;;) {
    const rows = await db.execute<{ seq: number; input: Record<string, unknown> }>(sql`select seq, input from dataset_items
      where dataset_id = ${datasetId} and seq > ${after} order by seq limit 10000`);
    for (const r of rows) total += countChatTokens(renderMessages(MESSAGES, r.input), 'gpt-4o');
    if (rows.length < 10000) return total;
    after = Number(rows.at(-1)!.seq);
  }
}

async function estimate100k(b: Bench, report: Report) {
  const { db } = await migratedDatabase(b, DB);
  const { datasetId, providerId } = await seed(db);
  const judge = { providerConnectionId: providerId, model: 'gpt-4o-mini', template: DEFAULT_JUDGE_TEMPLATE };
  const params = estimateRequestSchema.parse({ datasetId, providerConnectionId: providerId, model: 'gpt-4o', messages: MESSAGES, maxTokens: 50, repetitions: 2, judges: [judge] });

  await estimateExperiment(db, params); // warm: tokenizer tables loaded, plans cached
  const times: number[] = [];
  let last = await estimateExperiment(db, params);
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    last = await estimateExperiment(db, params);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  report.figure('estimate_100k_ms', times[Math.floor(times.length / 2)], 0);

  // The task's share of the estimate, against every prompt tokenized (the judge's is not known exactly before a run).
  const taskOnly = await estimateExperiment(db, { ...params, judges: [], repetitions: 1 });
  const exact = await exactTaskTokens(db, datasetId);
  report.detail('estimate_100k', {
    medianMs: Math.round(times[Math.floor(times.length / 2)]), runsMs: times.map(Math.round),
    sampledItems: last.sampledItems, eligibleItems: last.eligibleItems, calls: last.calls.total,
    taskInputEstimated: taskOnly.inputTokens.expected, taskInputExact: exact,
    taskInputErrorPct: +((100 * (taskOnly.inputTokens.expected - exact)) / exact).toFixed(2),
  });
  report.context(`estimate over ${ITEMS.toLocaleString('en-US')} items: ${last.sampledItems} sampled, task input ${taskOnly.inputTokens.expected} estimated vs ${exact} exact`);
}

export const estimateScenarios: BenchScenario[] = [
  { name: 'estimate_100k', quick: true, run: estimate100k },
];
