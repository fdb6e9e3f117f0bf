import type { GateOptions } from './args';
import { hasEnded } from './api-types';
import { EXIT, type ExitCode } from './exit-codes';
import { hasVariants, type Report } from './report';

export interface Check { evaluator: string; variant: string | null; min: number; mean: number | null; n: number; passed: boolean }
export interface Verdict { exitCode: ExitCode; passed: boolean; checks: Check[]; reasons: string[] }

/**
 * Whether CI may go on: the end state first (ERROR, and STOPPED unless allowed, fail), then each
 * --min. With per-variant scores every variant must meet it: a mean over different prompts or
 * models would hide the one that got worse. `timedOut` says why the wait ended early (exit 3).
 */
export function verdict(report: Report, gate: GateOptions, timedOut: string | null = null): Verdict {
  const checks = gate.thresholds.flatMap((t) => {
    const scoped = hasVariants(report)
      ? report.variants.map((v) => ({ variant: v.name, rows: v.evaluators }))
      : [{ variant: null, rows: report.evaluators }];
    return scoped.map(({ variant, rows }) => {
      const row = rows.find((r) => r.evaluator === t.evaluator);
      const mean = row?.mean ?? null;
      return { evaluator: t.evaluator, variant, min: t.min, mean, n: row?.n ?? 0, passed: mean !== null && mean >= t.min };
    });
  });

  const reasons: string[] = [];
  if (timedOut !== null || !hasEnded(report.status)) {
    reasons.push(timedOut ?? `it has not ended (${report.status})`);
    return { exitCode: EXIT.notEnded, passed: false, checks, reasons };
  }
  if (report.status === 'ERROR') reasons.push(`it ended ERROR${report.lastError ? `: ${report.lastError}` : ''}`);
  if (report.status === 'STOPPED' && !gate.allowStopped) {
    reasons.push(`it ended STOPPED${report.lastError ? ` (${report.lastError})` : ''}; pass --allow-stopped to accept that`);
  }
  for (const c of checks.filter((x) => !x.passed)) {
    const who = c.variant ? `${c.evaluator} (${c.variant})` : c.evaluator;
    reasons.push(c.mean === null ? `${who} has no scores (threshold ${c.min})` : `${who} mean ${meanBelow(c.mean, c.min)} is below ${c.min}`);
  }
  const passed = reasons.length === 0;
  return { exitCode: passed ? EXIT.passed : EXIT.failed, passed, checks, reasons };
}

/** Enough digits that a mean just under its threshold never prints as equal to it. */
export function meanBelow(mean: number, min: number): string {
  for (let digits = 3; digits < 15; digits++) {
    const shown = Number(mean.toFixed(digits));
    if (shown < min) return String(shown);
  }
  return String(mean);
}
