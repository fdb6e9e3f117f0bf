import type { ExperimentChanges, ExperimentListRow } from './list';

/**
 * How a table page takes a delta poll (pure: the browser runs it). Rows it shows are replaced in
 * place, deleted ones dropped; on the first page, new experiments (newer than its oldest row, or
 * any while the page is not full) come in at the top. Other pages do not take newcomers: a new
 * experiment shifts every later page by one row, which the next navigation shows.
 */

export interface TablePage<Row extends ExperimentListRow = ExperimentListRow> {
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
  cursor: string;
}

const newestFirst = (a: ExperimentListRow, b: ExperimentListRow) =>
  (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function mergeChanges<Row extends ExperimentListRow>(page: TablePage<Row>, changes: ExperimentChanges<Row>): TablePage<Row> {
  if (changes.reset) return { ...page, rows: changes.experiments, total: changes.total, cursor: changes.cursor };
  const removed = new Set(changes.removed);
  const changed = new Map(changes.experiments.map((r) => [r.id, r]));
  const rows = page.rows.filter((r) => !removed.has(r.id)).map((r) => changed.get(r.id) ?? r);
  if (page.page === 1) {
    const shown = new Set(rows.map((r) => r.id));
    const oldest = rows.at(-1);
    const full = rows.length >= page.pageSize;
    const newcomers = changes.experiments.filter((r) => !shown.has(r.id) && !removed.has(r.id)
      && (!full || !oldest || newestFirst(r, oldest) < 0));
    if (newcomers.length) rows.push(...newcomers);
    rows.sort(newestFirst);
    rows.length = Math.min(rows.length, page.pageSize);
  }
  return { ...page, rows, total: changes.total, cursor: changes.cursor };
}
