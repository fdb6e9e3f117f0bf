import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { datasetItems, evaluations, experimentRuns } from '../db/schema';
import { itemsPage, type DatasetItem } from '../datasets/items';
import { missingVariables, normaliseInput } from '../prompts/template';

export interface PlannedTask {
  item: DatasetItem;
  vars: Record<string, unknown>;
  repetition: number;
  /** The experiment's variant this call belongs to (0 for a single-variant experiment). */
  variant: number;
}

export interface PlannedPage {
  tasks: PlannedTask[];
  /** Items set aside because their input lacks a variable, with the names it lacks. */
  skipped: { item: DatasetItem; missing: string[] }[];
  exhausted: boolean;
}

/**
 * Pages through the items of the recorded dataset version (never the whole dataset at once) and
 * plans one variant's (item, repetition) pairs still to run: pairs with a succeeded run are
 * skipped, so a resume or a recovery runs exactly the outstanding work. Each variant has its own
 * planner, so a variant held back by a slow provider never holds back the others' planning.
 */
export class ItemPlanner {
  private afterSeq: number | undefined;
  private done = false;

  constructor(private readonly p: {
    db: DbOrTx; experimentId: string; datasetId: string; version: Date;
    variables: string[]; repetitions: number; batchSize: number; variant: number;
    /** Also skip pairs whose run failed (a repair pass within one claim must not retry them). */
    skipFailed?: boolean;
  }) {}

  get exhausted() { return this.done; }

  async nextPage(): Promise<PlannedPage> {
    if (this.done) return { tasks: [], skipped: [], exhausted: true };
    const { db, variables, repetitions } = this.p;
    const items = await itemsPage(db, { datasetId: this.p.datasetId, version: this.p.version, afterSeq: this.afterSeq, limit: this.p.batchSize });
    if (items.length < this.p.batchSize) this.done = true;
    if (items.length) this.afterSeq = items[items.length - 1].seq!;

    const succeeded = items.length
      ? await db.select({ itemId: experimentRuns.datasetItemId, rep: experimentRuns.repetition }).from(experimentRuns).where(and(
        eq(experimentRuns.experimentId, this.p.experimentId),
        eq(experimentRuns.variant, this.p.variant),
        this.p.skipFailed ? inArray(experimentRuns.status, ['SUCCEEDED', 'FAILED']) : eq(experimentRuns.status, 'SUCCEEDED'),
        inArray(experimentRuns.datasetItemId, items.map((i) => i.id))))
      : [];
    const doneKeys = new Set(succeeded.map((s) => `${s.itemId}:${s.rep}`));

    const tasks: PlannedTask[] = [];
    const skipped: PlannedPage['skipped'] = [];
    for (const item of items) {
      const missing = missingVariables(item.input, variables);
      if (missing.length) { skipped.push({ item, missing }); continue; }
      const vars = normaliseInput(item.input, variables)!;
      for (let rep = 1; rep <= repetitions; rep++) {
        if (!doneKeys.has(`${item.id}:${rep}`)) tasks.push({ item, vars, repetition: rep, variant: this.p.variant });
      }
    }
    return { tasks, skipped, exhausted: this.done };
  }
}

/**
 * Succeeded runs that still lack a finished evaluation for some evaluator (e.g. one added before a
 * resume, or one that errored): keyset-paged by run id.
 */
export async function pendingEvaluationsPage(db: DbOrTx, p: {
  experimentId: string; evaluatorNames: string[]; afterRunId?: string; limit: number;
}) {
  if (!p.evaluatorNames.length) return { rows: [] as PendingEvaluation[], lastRunId: undefined, exhausted: true };
  const rows = await db.execute<{ run_id: string; item_id: string; repetition: number; output: unknown; input: unknown; expected_output: unknown; done: string[] }>(sql`
    select r.id as run_id, r.dataset_item_id as item_id, r.repetition, r.output, i.input, i.expected_output,
      coalesce(array_agg(e.evaluator_name) filter (where e.status in ('COMPLETED', 'DELAYED')), '{}') as done
    from ${experimentRuns} r
    join ${datasetItems} i on i.id = r.dataset_item_id
    left join ${evaluations} e on e.run_id = r.id
    where r.experiment_id = ${p.experimentId} and r.status = 'SUCCEEDED' ${p.afterRunId ? sql`and r.id > ${p.afterRunId}` : sql``}
    group by r.id, i.id
    order by r.id
    limit ${p.limit}`);
  const pending: PendingEvaluation[] = [];
  for (const row of rows) {
    const missing = p.evaluatorNames.filter((n) => !row.done.includes(n));
    if (missing.length) {
      pending.push({
        runId: row.run_id, itemId: row.item_id, repetition: row.repetition, output: row.output,
        input: row.input, expected: row.expected_output, evaluatorNames: missing,
      });
    }
  }
  return { rows: pending, lastRunId: rows.length ? rows[rows.length - 1].run_id : p.afterRunId, exhausted: rows.length < p.limit };
}

export interface PendingEvaluation {
  runId: string; itemId: string; repetition: number; output: unknown; input: unknown; expected: unknown; evaluatorNames: string[];
}
