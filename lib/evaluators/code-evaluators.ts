import { regexPatternProblem, type CodeEvaluatorConfig, type EvaluationContext, type EvaluationResult, type EvaluatorConfig, type LlmJudgeConfig } from './types';
import { judgeTemplateProblems } from './judge-verdict';
import { compileJsonSchema } from '../llm/json-schema';
import { cachedUserRegex, RegexSyntaxError, type LinearRegex } from '../text/linear-regex';
import { LIMITS } from '../limits';
import { similarityRatio } from './levenshtein';
import { comparableTexts, getPath, isStructured, looksLikeJsonStructure, quote, toText, tryParseJson } from './values';

export type { EvaluationResult } from './types';

/** The evaluator's configuration cannot work (bad regex, bad schema): fix the experiment, not the data. */
export class EvaluatorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluatorConfigError';
  }
}

/**
 * The item lacks what the evaluator compares against (no expected output, no such expected field,
 * an expected value that is not a number). Thrown rather than scored 0, because it is a dataset
 * problem, not a wrong answer: callers record it as an evaluation error.
 */
export class EvaluatorInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluatorInputError';
  }
}

/** Problems with a parsed config that its zod schema cannot see; [] when it is usable. */
export function validateEvaluatorConfig(config: EvaluatorConfig): string[] {
  switch (config.type) {
    case 'regex': {
      const problem = regexPatternProblem(config.pattern, config.flags);
      return problem ? [problem] : [];
    }
    case 'json_schema': {
      const compiled = compileJsonSchema(config.schema);
      return compiled.ok ? [] : [compiled.error];
    }
    case 'llm_judge':
      return judgeTemplateProblems(config.template);
    default:
      return [];
  }
}

/** The evaluator's pattern on RE2: linear in the output's length, whatever the pattern. */
function compileRegex(pattern: string, flags = ''): LinearRegex {
  if (pattern.length > LIMITS.regexChars) throw new EvaluatorConfigError(regexPatternProblem(pattern, flags)!);
  try {
    return cachedUserRegex(pattern, flags);
  } catch (err) {
    if (err instanceof RegexSyntaxError) throw new EvaluatorConfigError(err.message);
    throw err;
  }
}

type Selected = { ok: true; value: unknown } | { ok: false; result: EvaluationResult };
type FieldConfig = { outputField?: string; expectedField?: string };

/** The output, or its `outputField`. A missing field is the model's failure, so it scores 0. */
function selectOutput(config: FieldConfig, output: unknown): Selected {
  if (!config.outputField) return { ok: true, value: output };
  let data = output;
  if (typeof output === 'string') {
    const parsed = tryParseJson(output.trim());
    if (!parsed.ok) {
      return { ok: false, result: { score: 0, label: 'missing_field', explanation: `The output is not JSON, so it has no field "${config.outputField}"` } };
    }
    data = parsed.value;
  }
  const field = getPath(data, config.outputField);
  if (!field.found) {
    return { ok: false, result: { score: 0, label: 'missing_field', explanation: `The output has no field "${config.outputField}"` } };
  }
  return { ok: true, value: field.value };
}

/**
 * The expected value, or its `expectedField`. Without `expectedField`, an expected object with a
 * single key (`{answer: "Paris"}`, the usual dataset shape) is unwrapped when the output is plain
 * text, so the common case needs no configuration.
 */
function selectExpected(config: FieldConfig, expected: unknown, output: unknown): unknown {
  if (expected === null || expected === undefined) throw new EvaluatorInputError('The item has no expected output');
  if (config.expectedField) {
    let data: unknown = expected;
    if (typeof expected === 'string' && looksLikeJsonStructure(expected)) {
      const parsed = tryParseJson(expected);
      if (parsed.ok) data = parsed.value;
    }
    const field = getPath(data, config.expectedField);
    if (!field.found || field.value === null || field.value === undefined) {
      throw new EvaluatorInputError(`The expected output has no field "${config.expectedField}"`);
    }
    return field.value;
  }
  const outputIsData = isStructured(output) || (typeof output === 'string' && looksLikeJsonStructure(output));
  if (isStructured(expected) && !Array.isArray(expected) && !outputIsData) {
    const keys = Object.keys(expected);
    if (keys.length === 1) {
      const only = (expected as Record<string, unknown>)[keys[0]];
      if (only !== null && only !== undefined) return only;
    }
  }
  return expected;
}

/**
 * What an LLM judge should see: outputField/expectedField applied and a single-key expected object
 * unwrapped, exactly as for code evaluators. An item without expected output is fine for a judge
 * (it renders as "(none)"). `ok: false` carries the 0 score for an output lacking outputField.
 */
export function selectJudgeValues(
  config: LlmJudgeConfig,
  ctx: EvaluationContext,
): { ok: true; values: EvaluationContext } | { ok: false; result: EvaluationResult } {
  const output = selectOutput(config, ctx.output);
  if (!output.ok) return output;
  const expected = ctx.expected === null || ctx.expected === undefined ? null : selectExpected(config, ctx.expected, output.value);
  return { ok: true, values: { input: ctx.input, output: output.value, expected } };
}

function asJson(value: unknown, selectedField: boolean): { ok: true; value: unknown } | { ok: false; error: string } {
  // A raw output string is the model's text; a selected field is already data.
  if (typeof value !== 'string' || selectedField) return { ok: true, value };
  return tryParseJson(value.trim());
}

// First number in a text: optional sign, optional thousands separators, decimals, exponent.
// Linear although it runs on V8: a start position that is not a sign, digit or "." fails at once,
// and any digit (after an optional sign) matches `\d+`, so the search stops at the first digit;
// there, the fixed-width `(?:,\d{3})+` backtracks at most once per group.
const NUMBER = /[-+]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:e[-+]?\d+)?|[-+]?\.\d+(?:e[-+]?\d+)?/i;

export function extractNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const match = NUMBER.exec(value);
  return match ? Number(match[0].replace(/,/g, '')) : null;
}

/**
 * Scores one run's output with a code evaluator. Throws EvaluatorConfigError for an unusable
 * config and EvaluatorInputError when the item lacks the expected value the evaluator needs.
 */
export function runCodeEvaluator(config: CodeEvaluatorConfig, ctx: EvaluationContext): EvaluationResult {
  const selected = selectOutput(config, ctx.output);
  if (!selected.ok) return selected.result;
  const output = selected.value;
  const expected = () => selectExpected(config, ctx.expected, output);

  switch (config.type) {
    case 'exact_match': {
      let [a, b] = comparableTexts(output, expected());
      if (config.trim ?? true) [a, b] = [a.trim(), b.trim()];
      if (!(config.caseSensitive ?? true)) [a, b] = [a.toLowerCase(), b.toLowerCase()];
      return a === b
        ? { score: 1, label: 'match', explanation: `The output matches the expected ${quote(b)}` }
        : { score: 0, label: 'mismatch', explanation: `The output ${quote(a)} differs from the expected ${quote(b)}` };
    }
    case 'contains': {
      let needle = config.value ?? toText(expected());
      if (needle === '') throw new EvaluatorInputError('The expected value to look for is empty');
      let haystack = toText(output);
      if (!(config.caseSensitive ?? true)) [haystack, needle] = [haystack.toLowerCase(), needle.toLowerCase()];
      return haystack.includes(needle)
        ? { score: 1, label: 'found', explanation: `The output contains ${quote(needle)}` }
        : { score: 0, label: 'not_found', explanation: `The output does not contain ${quote(needle)}` };
    }
    case 'regex': {
      const match = compileRegex(config.pattern, config.flags).exec(toText(output));
      const re = `/${config.pattern}/${config.flags ?? ''}`;
      return match
        ? { score: 1, label: 'match', explanation: `${re} matched ${quote(match[0])}` }
        : { score: 0, label: 'no_match', explanation: `${re} did not match the output` };
    }
    case 'valid_json': {
      const parsed = asJson(output, Boolean(config.outputField));
      return parsed.ok
        ? { score: 1, label: 'valid', explanation: 'The output is valid JSON' }
        : { score: 0, label: 'invalid', explanation: `The output is not valid JSON: ${parsed.error}` };
    }
    case 'json_schema': {
      const compiled = compileJsonSchema(config.schema);
      if (!compiled.ok) throw new EvaluatorConfigError(compiled.error);
      const parsed = asJson(output, Boolean(config.outputField));
      if (!parsed.ok) return { score: 0, label: 'invalid_json', explanation: `The output is not valid JSON: ${parsed.error}` };
      const errors = compiled.validate(parsed.value);
      return errors.length === 0
        ? { score: 1, label: 'valid', explanation: 'The output matches the schema' }
        : { score: 0, label: 'invalid', explanation: `The output does not match the schema: ${errors.join('; ')}` };
    }
    case 'numeric_closeness':
      return numericCloseness(config, output, expected());
    case 'string_similarity': {
      const [a, b] = comparableTexts(output, expected()).map((t) => t.trim());
      const { ratio, distance } = similarityRatio(a, b);
      const threshold = config.threshold ?? 0.8;
      const label = ratio >= threshold ? 'similar' : 'different';
      return { score: ratio, label, explanation: `Similarity ${ratio.toFixed(3)} (edit distance ${distance}; threshold ${threshold})` };
    }
    default: {
      const type = (config as { type: string }).type;
      throw new EvaluatorConfigError(type === 'llm_judge' ? 'llm_judge is not a code evaluator' : `Unknown evaluator type "${type}"`);
    }
  }
}

/**
 * Within tolerance (the larger of `tolerance` and `relativeTolerance`·|expected|, plus float
 * rounding slack) scores 1 and is 'close'. Otherwise the score is graded:
 * max(0, 1 - |diff| / max(|expected|, 1)), so 41 for 42 still earns ~0.98 while 0 for 42 earns 0;
 * the label ('far') is the pass/fail signal.
 */
function numericCloseness(config: Extract<CodeEvaluatorConfig, { type: 'numeric_closeness' }>, output: unknown, expectedValue: unknown): EvaluationResult {
  const expected = extractNumber(expectedValue);
  if (expected === null) throw new EvaluatorInputError(`The expected value ${quote(toText(expectedValue))} is not a number`);
  const actual = extractNumber(output);
  if (actual === null) {
    return { score: 0, label: 'not_a_number', explanation: `No number found in the output ${quote(toText(output))}` };
  }
  const diff = Math.abs(actual - expected);
  const allowed = Math.max(config.tolerance ?? 0, (config.relativeTolerance ?? 0) * Math.abs(expected));
  const slack = 4 * Number.EPSILON * Math.max(Math.abs(actual), Math.abs(expected), 1);
  if (diff <= allowed + slack) {
    return { score: 1, label: 'close', explanation: `${actual} is within ${allowed} of the expected ${expected}` };
  }
  const score = Math.max(0, 1 - diff / Math.max(Math.abs(expected), 1));
  return { score, label: 'far', explanation: `${actual} is ${diff} away from the expected ${expected} (allowed ${allowed})` };
}
