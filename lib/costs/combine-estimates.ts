import type { Estimate, OutputSource, TokenRange } from './estimate-schema';
import { addRanges } from './estimate';

/** The least certain output bound wins: a sum is only as bounded as its loosest part. */
const SOURCE_ORDER: OutputSource[] = ['measured', 'max_tokens', 'quota', 'unknown'];

/**
 * The estimate of an experiment with several variants: every variant's calls, tokens and cost
 * added up (a cost only when every variant has one). Items are the dataset's, so they are not
 * added: an item counts as eligible when some variant runs it.
 */
export function combineEstimates(parts: Estimate[]): Estimate {
  if (parts.length === 1) return parts[0];
  const sum = (f: (e: Estimate) => number) => parts.reduce((n, e) => n + f(e), 0);
  const perCall: TokenRange = {
    low: Math.min(...parts.map((e) => e.outputTokens.perCall.low)),
    high: parts.some((e) => e.outputTokens.perCall.high === null) ? null : Math.max(...parts.map((e) => e.outputTokens.perCall.high!)),
  };
  const measured = parts.filter((e) => e.measured);
  const costs = parts.map((e) => e.cost);
  return {
    totalItems: Math.max(...parts.map((e) => e.totalItems)),
    eligibleItems: Math.max(...parts.map((e) => e.eligibleItems)),
    sampledItems: Math.min(...parts.map((e) => e.sampledItems)),
    calls: { task: sum((e) => e.calls.task), judge: sum((e) => e.calls.judge), total: sum((e) => e.calls.total) },
    inputTokens: { ...addRanges(...parts.map((e) => e.inputTokens)), expected: sum((e) => e.inputTokens.expected) },
    outputTokens: {
      ...addRanges(...parts.map((e) => e.outputTokens)),
      source: SOURCE_ORDER[Math.max(...parts.map((e) => SOURCE_ORDER.indexOf(e.outputTokens.source)))],
      perCall,
    },
    cost: costs.every((c): c is TokenRange => c !== null) ? addRanges(...costs) : null,
    missingPrices: [...new Set(parts.flatMap((e) => e.missingPrices))],
    pricesAsOf: parts.map((e) => e.pricesAsOf).filter((d): d is string => !!d).sort()[0] ?? null,
    measured: measured.length ? {
      calls: measured.reduce((n, e) => n + e.measured!.calls, 0),
      failed: measured.reduce((n, e) => n + e.measured!.failed, 0),
      error: measured.map((e) => e.measured!.error).find((m) => m !== null) ?? null,
    } : null,
    variants: parts.length,
  };
}
