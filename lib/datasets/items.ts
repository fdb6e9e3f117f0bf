import { and, asc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { datasetItems, datasets, dbNowMs } from '../db/schema';
import { isUniqueViolation } from '../errors';
import { datasetNameTaken } from './dataset-name';

/** Items of a dataset version: created at or before `version` and not archived at `version`. */
export function activeAt(datasetId: string, version: Date) {
  return and(
    eq(datasetItems.datasetId, datasetId),
    lte(datasetItems.createdAt, version),
    or(isNull(datasetItems.archivedAt), gt(datasetItems.archivedAt, version)),
  );
}

export type DatasetItem = typeof datasetItems.$inferSelect;

/** Keyset paging over a version's items, in insertion order: never loads a whole dataset. */
export async function itemsPage(db: DbOrTx, p: { datasetId: string; version: Date; afterSeq?: number; limit: number }): Promise<DatasetItem[]> {
  return db.select().from(datasetItems)
    .where(and(activeAt(p.datasetId, p.version), p.afterSeq !== undefined ? gt(datasetItems.seq, p.afterSeq) : undefined))
    .orderBy(asc(datasetItems.seq))
    .limit(p.limit);
}

export async function countItemsAt(db: DbOrTx, datasetId: string, version: Date): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(datasetItems).where(activeAt(datasetId, version));
  return row.n;
}

/** Whether a version has any item: one index probe, not a count. */
export async function hasItemsAt(db: DbOrTx, datasetId: string, version: Date): Promise<boolean> {
  const rows = await db.select({ one: sql<number>`1` }).from(datasetItems).where(activeAt(datasetId, version)).limit(1);
  return rows.length > 0;
}

/**
 * The items of a version counted no further than `cap + 1`: enough to tell whether a quota of
 * `cap` is passed, at a cost bounded by the quota rather than by the dataset.
 */
export async function countItemsUpTo(db: DbOrTx, datasetId: string, version: Date, cap: number): Promise<number> {
  const limit = Math.max(0, Math.floor(cap)) + 1;
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from (
    select 1 from ${datasetItems} where ${activeAt(datasetId, version)} limit ${limit}) capped`);
  return Number(rows[0].n);
}

/**
 * The variables that no item of a version provides. Each check stops at the first item that
 * provides the variable, so a valid template costs a few rows whatever the dataset's size; only a
 * variable that is really missing reads the whole version (and then creation is refused).
 */
export async function variablesNoItemProvides(db: DbOrTx, datasetId: string, version: Date, variables: string[]): Promise<string[]> {
  if (variables.length === 0) return [];
  const cols = variables.map((v, i) => sql`exists (select 1 from ${datasetItems}
    where ${activeAt(datasetId, version)} and ${providedSql(v, variables.length === 1)}) as ${sql.identifier(`v${i}`)}`);
  const rows = await db.execute<Record<string, boolean>>(sql`select ${sql.join(cols, sql`, `)}`);
  const row = rows[0] ?? {};
  return variables.filter((_, i) => !row[`v${i}`]);
}

/**
 * How many items of a version lack each variable. A non-object input provides the only variable
 * of a single-variable prompt (it is normalised into it).
 */
function providedSql(v: string, single: boolean) {
  return single
    ? sql`(jsonb_typeof(input) <> 'object' or coalesce(input -> ${v}, 'null'::jsonb) <> 'null'::jsonb)`
    : sql`(jsonb_typeof(input) = 'object' and coalesce(input -> ${v}, 'null'::jsonb) <> 'null'::jsonb)`;
}

/** Items of a version that provide every variable (the ones an experiment will run). */
export async function countEligibleItems(db: DbOrTx, datasetId: string, version: Date, variables: string[]): Promise<{ total: number; eligible: number }> {
  const all = variables.length ? sql.join(variables.map((v) => providedSql(v, variables.length === 1)), sql` and `) : sql`true`;
  const rows = await db.execute<{ total: number; eligible: number }>(sql`select count(*)::int as total, count(*) filter (where ${all})::int as eligible from ${datasetItems} where ${activeAt(datasetId, version)}`);
  return { total: Number(rows[0].total), eligible: Number(rows[0].eligible) };
}

export async function itemsLackingVariables(db: DbOrTx, datasetId: string, version: Date, variables: string[]): Promise<Record<string, number>> {
  if (variables.length === 0) return {};
  const provided = (v: string) => providedSql(v, variables.length === 1);
  const cols = variables.map((v, i) => sql`count(*) filter (where not ${provided(v)})::int as ${sql.identifier(`v${i}`)}`);
  const rows = await db.execute<Record<string, number>>(sql`select ${sql.join(cols, sql`, `)} from ${datasetItems} where ${activeAt(datasetId, version)}`);
  const row = rows[0] ?? {};
  return Object.fromEntries(variables.map((v, i) => [v, Number(row[`v${i}`] ?? 0)]));
}

export interface NewItem { input: unknown; expectedOutput?: unknown; metadata?: Record<string, unknown> }

export async function insertItems(db: DbOrTx, datasetId: string, items: NewItem[]): Promise<number> {
  if (items.length === 0) return 0;
  await db.insert(datasetItems).values(items.map((it) => ({
    datasetId,
    input: it.input ?? {},
    expectedOutput: it.expectedOutput ?? null,
    metadata: it.metadata ?? {},
  })));
  return items.length;
}

/** An edit archives the old row and inserts its replacement, so earlier versions never change. */
export async function editItem(db: DbOrTx, itemId: string, changes: NewItem): Promise<DatasetItem> {
  return db.transaction(async (tx) => {
    const [old] = await tx.update(datasetItems).set({ archivedAt: dbNowMs })
      .where(and(eq(datasetItems.id, itemId), isNull(datasetItems.archivedAt))).returning();
    if (!old) throw new Error('Item not found or already archived');
    const [created] = await tx.insert(datasetItems).values({
      datasetId: old.datasetId, input: changes.input ?? old.input, expectedOutput: changes.expectedOutput ?? null,
      metadata: changes.metadata ?? (old.metadata as Record<string, unknown>), replacesId: old.id,
    }).returning();
    return created;
  });
}

export async function archiveItem(db: DbOrTx, itemId: string): Promise<boolean> {
  const rows = await db.update(datasetItems).set({ archivedAt: dbNowMs })
    .where(and(eq(datasetItems.id, itemId), isNull(datasetItems.archivedAt))).returning({ id: datasetItems.id });
  return rows.length > 0;
}

export async function getDataset(db: DbOrTx, id: string) {
  const [row] = await db.select().from(datasets).where(eq(datasets.id, id));
  return row ?? null;
}

/** A name already in use is a 409 UserError, also when two identical creates race. */
export async function createDataset(db: DbOrTx, p: { name: string; description?: string }) {
  try {
    const [row] = await db.insert(datasets).values({ name: p.name, description: p.description ?? '' }).returning();
    return row;
  } catch (err) {
    if (isUniqueViolation(err, 'datasets_name_unique')) throw datasetNameTaken(p.name);
    throw err;
  }
}

