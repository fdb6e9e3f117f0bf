import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../lib/db/client';

/**
 * A finished experiment with many runs written straight into the tables by generate_series (no
 * worker, no provider): for exports and other read paths at scale. Items × repetitions × variants
 * runs; run n of the order below fails when n % failEvery = 0; outputs are `outputChars` of text
 * (md5 hex repeated), a JSON object every `jsonEvery` runs; evaluations on the succeeded runs of
 * items whose position (from 0) is a multiple of `evaluatedEvery`.
 */
export interface BulkExperiment {
  experimentId: string;
  datasetId: string;
  name: string;
  runs: number;
  evaluatorNames: string[];
  variantNames: string[];
}

export interface BulkOptions {
  items: number;
  repetitions?: number;
  variants?: number;
  outputChars?: number;
  failEvery?: number;
  jsonEvery?: number;
  evaluatedEvery?: number;
  name?: string;
}

export const BULK_EVALUATORS = ['exact', 'judge'];

export async function bulkExperiment(db: Db, o: BulkOptions): Promise<BulkExperiment> {
  const tag = crypto.randomBytes(4).toString('hex');
  const reps = o.repetitions ?? 1;
  const variants = o.variants ?? 1;
  const chunks = Math.max(1, Math.round((o.outputChars ?? 1024) / 32));
  const failEvery = o.failEvery ?? 97;
  const jsonEvery = o.jsonEvery ?? 50;
  const evaluatedEvery = o.evaluatedEvery ?? 1000;
  const name = o.name ?? `bulk ${tag}`;
  const variantNames = Array.from({ length: variants }, (_, v) => `variant ${v} (sim-${v === 0 ? 'small' : `large-${v}`})`);
  const config = {
    template: { messages: [{ role: 'user', content: '{{question}}' }] },
    providerConnectionId: crypto.randomUUID(), model: 'sim-small', params: {}, responseSchema: null, repetitions: reps,
    maxConcurrency: null,
    evaluators: [
      { type: 'exact_match', name: 'exact', expectedField: 'answer' },
      { type: 'contains', name: 'judge', value: 'x' },
    ],
    ...(variants > 1 ? { variants: variantNames.map((n, v) => ({ name: n, model: v === 0 ? 'sim-small' : 'sim-large' })) } : {}),
  };

  const [ds] = [...await db.execute<{ id: string }>(sql`insert into datasets (name) values (${`bulk-${tag}`}) returning id`)];
  await db.execute(sql`
    insert into dataset_items (dataset_id, input, expected_output)
    select ${ds.id}, jsonb_build_object('question', 'Question ' || g || ': what is ' || g || ' + 1?'), jsonb_build_object('answer', (g + 1)::text)
    from generate_series(1, ${o.items}) g`);
  const [exp] = [...await db.execute<{ id: string }>(sql`
    insert into experiments (dataset_id, dataset_version, name, config, status, total_runs, finished_at)
    values (${ds.id}, now(), ${name}, ${JSON.stringify(config)}::jsonb, 'COMPLETED', ${o.items * reps * variants}, now())
    returning id`)];
  for (let v = 0; v < variants; v++) {
    await db.execute(sql`insert into experiment_variants (experiment_id, variant, name, model) values (${exp.id}, ${v}, ${variantNames[v]}, ${v === 0 ? 'sim-small' : 'sim-large'})`);
  }
  // n numbers the runs in export order (item position, repetition, variant) from 0.
  await db.execute(sql`
    insert into experiment_runs (experiment_id, dataset_item_id, item_seq, repetition, variant, status, output, error,
      latency_ms, prompt_tokens, completion_tokens, cost_usd, cached, attempts)
    select ${exp.id}, x.id, x.seq, x.rep, x.v,
      case when x.n % ${failEvery} = 0 then 'FAILED' else 'SUCCEEDED' end,
      case when x.n % ${failEvery} = 0 then null
        when x.n % ${jsonEvery} = 0 then jsonb_build_object('answer', x.n, 'note', 'structured, "quoted"')
        else to_jsonb(repeat(md5(x.n::text), ${chunks})) end,
      case when x.n % ${failEvery} = 0 then 'HTTP 400: bad request for run ' || x.n end,
      100 + x.n % 50, 20 + x.n % 7, 5 + x.n % 11, (x.n % 13) * 0.0001, x.n % 10 = 0, 1 + x.n % 3
    from (
      select i.id, i.seq, rep, v, (row_number() over (order by i.seq, rep, v)) - 1 as n
      from dataset_items i, generate_series(1, ${reps}) rep, generate_series(0, ${variants - 1}) v
      where i.dataset_id = ${ds.id}
    ) x`);
  await db.execute(sql`
    insert into evaluations (run_id, experiment_id, evaluator_name, status, score, label, attempts)
    select r.id, r.experiment_id, e.name, 'COMPLETED', case when e.name = 'exact' then (r.repetition % 2)::float8 else 0.25 end,
      case when e.name = 'judge' then '=partial, "mostly"' end, 1
    from experiment_runs r join dataset_items i on i.id = r.dataset_item_id,
      (values ('exact'), ('judge')) e(name)
    where r.experiment_id = ${exp.id} and r.status = 'SUCCEEDED'
      and (i.seq - (select min(seq) from dataset_items where dataset_id = ${ds.id})) % ${evaluatedEvery} = 0`);
  await db.execute(sql`analyze experiment_runs`);
  return { experimentId: exp.id, datasetId: ds.id, name, runs: o.items * reps * variants, evaluatorNames: BULK_EVALUATORS, variantNames };
}
