import type { ExperimentSummary } from './api-types';
import type { Verdict } from './gate';
import { hasVariants, type Report } from './report';

export function money(costUsd: number | null, note: string | null): string {
  if (costUsd === null) return `unknown (${note ?? 'no price set'})`;
  // Test runs cost fractions of a cent: two significant digits rather than "$0.00".
  const shown = `$${costUsd < 0.01 && costUsd > 0 ? costUsd.toPrecision(2).replace(/(\.\d*?)0+$/, '$1') : costUsd.toFixed(2)}`;
  return note ? `${shown} (${note})` : shown;
}

const count = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const score = (mean: number | null) => (mean === null ? '-' : mean.toFixed(3));

/** One line while it runs: done/total, failed, cost. */
export function progressLine(s: ExperimentSummary, elapsedMs: number): string {
  const done = s.runsSucceeded + s.runsFailed;
  const waiting = s.waitingForWorker ? ', waiting for a worker' : '';
  const runs = s.totalRuns > 0 ? `${count(done)}/${count(s.totalRuns)} runs done` : 'planning runs';
  return `[${seconds(elapsedMs)}] ${s.status}: ${runs}, ${count(s.runsFailed)} failed, cost ${money(s.costUsd, s.costNote)}${waiting}`;
}

/** The summary as text: status, counts, per-evaluator mean and n, cost, variants, and the verdict. */
export function summaryText(r: Report, v: Verdict): string {
  const lines = [
    `Experiment "${r.name}" ${r.status}`,
    `  ${r.url}`,
    `  runs: ${count(r.runs.total)} total, ${count(r.runs.succeeded)} succeeded, ${count(r.runs.failed)} failed`
      + `${r.runs.skipped ? `, ${count(r.runs.skipped)} items skipped` : ''}${r.runs.cached ? `, ${count(r.runs.cached)} from the call cache` : ''}`,
    `  cost: ${money(r.costUsd, r.costNote)}; tokens: ${count(r.tokens.prompt)} prompt, ${count(r.tokens.completion)} completion`,
  ];
  if (r.evaluations.failed || r.evaluations.delayed) {
    lines.push(`  evaluations: ${count(r.evaluations.completed)} completed, ${count(r.evaluations.failed)} failed, ${count(r.evaluations.delayed)} delayed`);
  }
  if (r.lastError) lines.push(`  last error: ${r.lastError}`);
  if (r.evaluators.length) lines.push('', ...table(['evaluator', 'mean', 'n'], r.evaluators.map((e) => [e.evaluator, score(e.mean), count(e.n)])));
  if (hasVariants(r)) lines.push('', ...variantTable(r));
  if (v.checks.length) {
    lines.push('', ...v.checks.map((c) => `  ${c.passed ? 'ok  ' : 'FAIL'} ${c.evaluator}${c.variant ? ` (${c.variant})` : ''}: mean ${score(c.mean)} (n ${count(c.n)}), minimum ${c.min}`));
  }
  lines.push('', v.passed ? 'PASSED' : `FAILED: ${v.reasons.join('; ')}`);
  return `${lines.join('\n')}\n`;
}

function variantTable(r: Report): string[] {
  const names = r.evaluators.map((e) => e.evaluator);
  const rows = r.variants.map((v) => [
    `${v.index}`, v.name, v.model, `${count(v.runsSucceeded + v.runsFailed)}/${count(v.totalRuns)}`, count(v.runsFailed),
    v.costUsd === null ? (v.costNote ?? 'no price set') : money(v.costUsd, null),
    ...names.map((n) => {
      const row = v.evaluators.find((e) => e.evaluator === n);
      return row ? `${score(row.mean)} (n ${count(row.n)})` : '';
    }),
  ]);
  return table(['#', 'variant', 'model', 'runs', 'failed', 'cost', ...names], rows);
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)];
}
