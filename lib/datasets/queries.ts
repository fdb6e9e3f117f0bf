import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { datasetItems, datasets, experiments } from '../db/schema';
import { activeAt, type DatasetItem } from './items';
import { datasetNameTaken } from './dataset-name';

export interface DatasetListRow {
  id: string; name: string; description: string; createdAt: Date;
  /** Items active now (not archived). */
  itemCount: number;
  /** Recorded experiments only: the playground's unrecorded experiments are not part of the dataset's history. */
  experimentCount: number;
  /** When the latest recorded experiment on it started (or was created, if it has not started). */
  lastExperimentAt: Date | null;
}

/** Every dataset with its counts, newest first: three grouped queries, merged here. */
export async function listDatasetsWithStats(db: DbOrTx): Promise<DatasetListRow[]> {
  const [rows, items, recorded] = await Promise.all([
    db.select().from(datasets).orderBy(desc(datasets.createdAt), desc(datasets.id)),
    db.select({ datasetId: datasetItems.datasetId, n: sql<number>`count(*)::int` }).from(datasetItems)
      .where(isNull(datasetItems.archivedAt)).groupBy(datasetItems.datasetId),
    db.select({
      datasetId: experiments.datasetId,
      n: sql<number>`count(*)::int`,
      last: sql<string | null>`max(coalesce(${experiments.startedAt}, ${experiments.createdAt}))`,
    }).from(experiments).where(eq(experiments.record, true)).groupBy(experiments.datasetId),
  ]);
  const itemsBy = new Map(items.map((r) => [r.datasetId, Number(r.n)]));
  const experimentsBy = new Map(recorded.map((r) => [r.datasetId, r]));
  return rows.map((d) => {
    const ran = experimentsBy.get(d.id);
    return {
      id: d.id, name: d.name, description: d.description, createdAt: d.createdAt,
      itemCount: itemsBy.get(d.id) ?? 0,
      experimentCount: ran ? Number(ran.n) : 0,
      // An aggregate in sql`` comes back as the driver's string, not a Date.
      lastExperimentAt: ran?.last ? new Date(ran.last) : null,
    };
  });
}

export async function isDatasetNameTaken(db: DbOrTx, name: string): Promise<boolean> {
  const rows = await db.select({ id: datasets.id }).from(datasets).where(eq(datasets.name, name));
  return rows.length > 0;
}

/** The usual case answered before the insert; createDataset still maps a race to the same error. */
export async function assertDatasetNameFree(db: DbOrTx, name: string) {
  if (await isDatasetNameTaken(db, name)) throw datasetNameTaken(name);
}

export async function countActiveItems(db: DbOrTx, datasetId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(datasetItems)
    .where(and(eq(datasetItems.datasetId, datasetId), isNull(datasetItems.archivedAt)));
  return Number(row.n);
}

/**
 * A numbered page of the items active at `version` (for `?page=` links). Offset paging is fine for
 * browsing; the runner uses keyset paging (itemsPage) for whole-dataset scans.
 */
export async function itemsPageNumbered(db: DbOrTx, p: { datasetId: string; version: Date; page: number; pageSize: number }): Promise<DatasetItem[]> {
  const page = Math.max(1, Math.floor(p.page));
  return db.select().from(datasetItems)
    .where(activeAt(p.datasetId, p.version))
    .orderBy(asc(datasetItems.seq))
    .limit(p.pageSize)
    .offset((page - 1) * p.pageSize);
}
