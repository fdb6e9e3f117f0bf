import { and, asc, gte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { datasetItems } from '../db/schema';
import { activeAt } from '../datasets/items';

export interface SampledItem { id: string; seq: number; input: unknown; expectedOutput: unknown }

/**
 * About `size` items of a dataset version spread over the whole of it, not just its head: the seq
 * range is cut into `size` slices and each slice gives its first active item, one index probe on
 * (dataset_id, seq) each, so the cost does not grow with the dataset. A version with no more
 * items than `size` (`activeItems`) is read whole.
 */
export async function sampleItems(db: DbOrTx, p: { datasetId: string; version: Date; size: number; activeItems: number }): Promise<SampledItem[]> {
  const columns = { id: datasetItems.id, seq: datasetItems.seq, input: datasetItems.input, expectedOutput: datasetItems.expectedOutput };
  if (p.activeItems <= p.size) {
    const rows = await db.select(columns).from(datasetItems).where(activeAt(p.datasetId, p.version))
      .orderBy(asc(datasetItems.seq)).limit(p.size);
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }
  const rows = await db.execute<{ id: string; seq: string | number; input: unknown; expected_output: unknown }>(sql`
    with bounds as (
      select min(${datasetItems.seq}) as lo, max(${datasetItems.seq}) as hi
      from ${datasetItems} where ${datasetItems.datasetId} = ${p.datasetId}
    )
    select distinct on (s.id) s.id, s.seq, s.input, s.expected_output
    from bounds, generate_series(0, ${p.size - 1}::int) as g(n),
    lateral (
      select ${datasetItems.id}, ${datasetItems.seq}, ${datasetItems.input}, ${datasetItems.expectedOutput} from ${datasetItems}
      where ${and(activeAt(p.datasetId, p.version), gte(datasetItems.seq, sql`bounds.lo + ((bounds.hi - bounds.lo + 1) * g.n) / ${p.size}::int`))}
      order by ${datasetItems.seq} limit 1
    ) s`);
  return rows.map((r) => ({ id: r.id, seq: Number(r.seq), input: r.input, expectedOutput: r.expected_output }));
}
