// The arithmetic of a cost estimate, pure: how many calls, how a sample of prompt sizes extrapolates
// to a dataset, what bounds the output, and what that costs. lib/costs/estimate-experiment.ts
// feeds it from the database and the tokenizer.
import type { Estimate, OutputSource, TokenRange } from './estimate-schema';
import type { ModelPrice } from './prices';

/**
 * Output tokens of one judge call: the verdict is a small JSON object with a sentence or two of
 * explanation. The judge call sets no max tokens, so this is a typical span, not a bound.
 */
export const JUDGE_OUTPUT_PER_CALL: TokenRange = { low: 20, high: 120 };

/** Standard errors either side of a sampled mean: about a 95% range. */
const SPREAD_STANDARD_ERRORS = 2;

export interface CallCounts { task: number; judge: number; total: number }

/** Every eligible item runs `repetitions` times, and every run is graded by each LLM judge once. */
export function countCalls(p: { eligibleItems: number; repetitions: number; judges: number }): CallCounts {
  const task = p.eligibleItems * p.repetitions;
  const judge = task * p.judges;
  return { task, judge, total: task + judge };
}

export interface Extrapolated { expected: number; low: number; high: number }

/**
 * The total of a value over `population` items from a sample of them. A sample of the whole
 * population is exact; otherwise the mean times the population, give or take two standard errors
 * (with the finite-population correction, so the range narrows as the sample nears the whole).
 */
export function extrapolateSum(samples: readonly number[], population: number): Extrapolated {
  const n = samples.length;
  if (n === 0 || population <= 0) return { expected: 0, low: 0, high: 0 };
  const sum = samples.reduce((a, b) => a + b, 0);
  if (n >= population) return { expected: sum, low: sum, high: sum };
  const mean = sum / n;
  const variance = n > 1 ? samples.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1) : 0;
  const correction = Math.sqrt((population - n) / (population - 1));
  const spread = SPREAD_STANDARD_ERRORS * population * Math.sqrt(variance / n) * correction;
  const expected = mean * population;
  return { expected: Math.round(expected), low: Math.max(0, Math.floor(expected - spread)), high: Math.ceil(expected + spread) };
}

/**
 * Output tokens of one task call: what a measurement saw (its smallest to its largest), else up to
 * max tokens, else up to the quota's cap (creation sets it as max tokens), else unbounded.
 */
export function taskOutputPerCall(p: { measured: readonly number[] | null; maxTokens?: number; quotaMaxTokens: number | null }): { source: OutputSource; perCall: TokenRange } {
  const cap = p.maxTokens ?? p.quotaMaxTokens;
  if (p.measured?.length) {
    const low = Math.min(...p.measured);
    const high = Math.max(...p.measured);
    return { source: 'measured', perCall: { low: cap === null ? low : Math.min(low, cap), high: cap === null ? high : Math.min(high, cap) } };
  }
  if (p.maxTokens !== undefined) return { source: 'max_tokens', perCall: { low: 0, high: p.maxTokens } };
  if (p.quotaMaxTokens !== null) return { source: 'quota', perCall: { low: 0, high: p.quotaMaxTokens } };
  return { source: 'unknown', perCall: { low: 0, high: null } };
}

export const scaleRange = (r: TokenRange, by: number): TokenRange => ({ low: r.low * by, high: r.high === null ? null : r.high * by });

export const addRanges = (...rs: TokenRange[]): TokenRange => ({
  low: rs.reduce((n, r) => n + r.low, 0),
  high: rs.some((r) => r.high === null) ? null : rs.reduce((n, r) => n + (r.high ?? 0), 0),
});

/** US dollars for input and output tokens at a price per million tokens (no cache discount assumed). */
export function costRange(tokens: { input: TokenRange; output: TokenRange }, price: ModelPrice): TokenRange {
  const dollars = (input: number, output: number) => (input * price.inputPerMTok + output * price.outputPerMTok) / 1_000_000;
  return {
    low: dollars(tokens.input.low, tokens.output.low),
    high: tokens.input.high === null || tokens.output.high === null ? null : dollars(tokens.input.high, tokens.output.high),
  };
}

/** One model's share of the calls: the task, or one LLM judge. */
export interface CallGroup {
  model: string;
  price: ModelPrice | null;
  input: TokenRange & { expected: number };
  output: TokenRange;
}

/**
 * The task's calls and each judge's, from the sampled prompt sizes. A judge's prompt quotes the
 * task's output, so each judge call's input grows by one task output (as bounded above).
 */
export function callGroups(p: {
  eligibleItems: number; repetitions: number;
  task: { model: string; price: ModelPrice | null; promptTokens: readonly number[] };
  judges: readonly { model: string; price: ModelPrice | null; promptTokens: readonly number[] }[];
  outputPerCall: TokenRange;
}): CallGroup[] {
  const calls = countCalls({ eligibleItems: p.eligibleItems, repetitions: p.repetitions, judges: p.judges.length });
  const perItem = (tokens: readonly number[]) => {
    const sum = extrapolateSum(tokens, p.eligibleItems);
    return { expected: sum.expected * p.repetitions, low: sum.low * p.repetitions, high: sum.high * p.repetitions };
  };
  const taskOutput = scaleRange(p.outputPerCall, calls.task);
  const groups: CallGroup[] = [{ model: p.task.model, price: p.task.price, input: perItem(p.task.promptTokens), output: taskOutput }];
  for (const judge of p.judges) {
    const base = perItem(judge.promptTokens);
    const quoted = addRanges(base, taskOutput);
    const expectedQuoted = taskOutput.high === null ? taskOutput.low : (taskOutput.low + taskOutput.high) / 2;
    groups.push({
      model: judge.model, price: judge.price,
      input: { ...quoted, expected: Math.round(base.expected + expectedQuoted) },
      output: scaleRange(JUDGE_OUTPUT_PER_CALL, calls.task),
    });
  }
  return groups;
}

/** The whole estimate: token totals over every group, and a cost only when every model has a price. */
export function summarise(p: {
  totalItems: number; eligibleItems: number; sampledItems: number; repetitions: number;
  groups: CallGroup[]; output: { source: OutputSource; perCall: TokenRange };
  measured: Estimate['measured'];
}): Estimate {
  const calls = countCalls({ eligibleItems: p.eligibleItems, repetitions: p.repetitions, judges: p.groups.length - 1 });
  const input = addRanges(...p.groups.map((g) => g.input));
  const output = addRanges(...p.groups.map((g) => g.output));
  const missingPrices = [...new Set(p.groups.filter((g) => !g.price).map((g) => g.model))];
  const priced = p.groups.filter((g) => g.price).map((g) => costRange(g, g.price!));
  const asOf = p.groups.map((g) => g.price?.asOf).filter((d): d is string => !!d).sort()[0] ?? null;
  return {
    totalItems: p.totalItems, eligibleItems: p.eligibleItems, sampledItems: p.sampledItems, calls,
    inputTokens: { ...input, expected: p.groups.reduce((n, g) => n + g.input.expected, 0) },
    outputTokens: { ...output, source: p.output.source, perCall: p.output.perCall },
    cost: missingPrices.length ? null : addRanges(...priced),
    missingPrices, pricesAsOf: asOf, measured: p.measured,
  };
}
