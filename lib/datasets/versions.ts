import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { countActiveItems } from './queries';
import { databaseNow } from '../db/now';

/**
 * A dataset has a version at every point in time (the items created by then and not yet archived
 * then); the ones worth listing are those its recorded experiments ran on, plus the latest.
 */
export interface DatasetVersion {
  version: Date;
  itemCount: number;
  experiments: { id: string; name: string }[];
}

export interface DatasetVersions { latest: { version: Date; itemCount: number }; versions: DatasetVersion[] }

/** Newest first, at most `limit` versions; each counted in SQL, never loaded. */
export async function listDatasetVersions(db: DbOrTx, datasetId: string, p: { limit: number }): Promise<DatasetVersions> {
  const [now, latestCount, rows] = await Promise.all([
    databaseNow(db),
    countActiveItems(db, datasetId),
    db.execute<{ version: string; item_count: number; experiments: { id: string; name: string }[] }>(sql`
      with v as (
        select dataset_version as version,
          json_agg(json_build_object('id', id, 'name', name) order by created_at) as experiments
        from experiments
        where dataset_id = ${datasetId} and record
        group by dataset_version
        order by dataset_version desc
        limit ${p.limit}
      )
      select to_char(v.version at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as version, v.experiments,
        (select count(*)::int from dataset_items i
          where i.dataset_id = ${datasetId} and i.created_at <= v.version
            and (i.archived_at is null or i.archived_at > v.version)) as item_count
      from v order by v.version desc`),
  ]);
  return {
    latest: { version: now, itemCount: latestCount },
    versions: [...rows].map((r) => ({ version: new Date(r.version), itemCount: Number(r.item_count), experiments: r.experiments })),
  };
}
