import { describe, expect, it } from 'vitest';
import type { ExperimentListRow, ExperimentChanges } from './list';
import { mergeChanges, type TablePage } from './merge-changes';

const row = (id: string, createdAt: string, over: Partial<ExperimentListRow> = {}): ExperimentListRow => ({
  id, datasetId: 'd', name: id, status: 'COMPLETED', model: 'm', variantCount: 1, totalRuns: 1, runsSucceeded: 1, runsFailed: 0, itemsSkipped: 0,
  evalsCompleted: 0, evalsFailed: 0, evalsDelayed: 0, evaluatorCount: 0, evaluatorNames: [], lastError: null, rateLimited: false, rateLimitWaits: 0,
  waitingForWorker: false, runsCached: 0, promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0, costUsd: 0, unpricedCalls: 0, costNote: null,
  createdAt, startedAt: null, finishedAt: null, toggledAt: null, ...over,
});
const changes = (over: Partial<ExperimentChanges>): ExperimentChanges =>
  ({ experiments: [], removed: [], total: 3, more: false, reset: false, cursor: 'next', ...over });

const t = (n: number) => `2026-01-01T00:00:0${n}.000Z`;
const page = (p: number, rows: ExperimentListRow[], pageSize = 3): TablePage => ({ rows, total: 3, page: p, pageSize, cursor: 'c' });

describe('mergeChanges', () => {
  it('replaces rows in place and drops deleted ones, keeping the cursor of the answer', () => {
    const merged = mergeChanges(page(2, [row('c', t(3)), row('b', t(2)), row('a', t(1))]), changes({
      experiments: [row('b', t(2), { status: 'RUNNING' }), row('z', t(9))], removed: ['a'], total: 7,
    }));
    expect(merged.rows.map((r) => [r.id, r.status])).toEqual([['c', 'COMPLETED'], ['b', 'RUNNING']]);
    expect(merged).toMatchObject({ total: 7, cursor: 'next', page: 2 });
  });

  it('takes new experiments at the top of the first page and keeps it to its size', () => {
    const merged = mergeChanges(page(1, [row('c', t(3)), row('b', t(2)), row('a', t(1))]), changes({ experiments: [row('d', t(4))] }));
    expect(merged.rows.map((r) => r.id)).toEqual(['d', 'c', 'b']);
  });

  it('leaves out changed rows that belong to a later page', () => {
    const merged = mergeChanges(page(1, [row('c', t(3)), row('b', t(2)), row('a', t(1))]), changes({ experiments: [row('old', t(0))] }));
    expect(merged.rows.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    const notFull = mergeChanges(page(1, [row('c', t(3))]), changes({ experiments: [row('old', t(0))] }));
    expect(notFull.rows.map((r) => r.id)).toEqual(['c', 'old']);
  });

  it('replaces the page on a reset', () => {
    const merged = mergeChanges(page(1, [row('c', t(3))]), changes({ reset: true, experiments: [row('x', t(5))], total: 1 }));
    expect(merged.rows.map((r) => r.id)).toEqual(['x']);
  });
});
