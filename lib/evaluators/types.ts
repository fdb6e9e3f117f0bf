import { z } from 'zod';
import { templateMessagesSchema } from '../prompts/template';
import { LIMITS } from '../limits';
import { userRegexProblem } from '../text/linear-regex';
import { schemaSizeProblem } from '../llm/json-schema';

const count = (n: number) => n.toLocaleString('en-US');

// A dot path such as `answer` or `a.b`; empty segments would silently select nothing.
const fieldPath = z.string().trim()
  .regex(/^[^.]+(\.[^.]+)*$/, 'must be a dot path such as "answer" or "a.b"')
  .optional();

// Shared by every evaluator. `name` keys the evaluations table, so it must be unique per experiment
// (checked by the experiment validation, which sees all evaluators at once).
const base = {
  name: z.string().trim().min(1, 'Evaluator name is required').max(100),
  /** Dot path into the item's expected output, e.g. `answer`. */
  expectedField: fieldPath,
  /** Dot path into the run's output when it is JSON (a string output is parsed first). */
  outputField: fieldPath,
};

export const exactMatchConfigSchema = z.object({
  ...base,
  type: z.literal('exact_match'),
  /** Default true. */
  caseSensitive: z.boolean().optional(),
  /** Default true: models add trailing newlines that nobody means as part of the answer. */
  trim: z.boolean().optional(),
});

export const containsConfigSchema = z.object({
  ...base,
  type: z.literal('contains'),
  /** The text to look for; when absent the (selected) expected output is used. */
  value: z.string().min(1, 'value must not be empty').optional(),
  /** Default true. */
  caseSensitive: z.boolean().optional(),
});

export const regexConfigSchema = z.object({
  ...base,
  type: z.literal('regex'),
  /** JavaScript syntax, run on RE2 (linear time): no lookaround, no backreferences. */
  pattern: z.string().min(1, 'pattern is required'),
  flags: z.string().optional(),
}).superRefine((config, ctx) => {
  const problem = regexPatternProblem(config.pattern, config.flags);
  if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
});

/** Why a regex evaluator's pattern cannot run (too long, or not runnable in linear time), or null. */
export function regexPatternProblem(pattern: string, flags?: string): string | null {
  if (pattern.length > LIMITS.regexChars) {
    return `The pattern is ${count(pattern.length)} characters; the limit is ${count(LIMITS.regexChars)}`;
  }
  return userRegexProblem(pattern, flags);
}

export const validJsonConfigSchema = z.object({ ...base, type: z.literal('valid_json') });

export const jsonSchemaConfigSchema = z.object({
  ...base,
  type: z.literal('json_schema'),
  schema: z.record(z.string(), z.unknown()),
}).superRefine((config, ctx) => {
  const problem = schemaSizeProblem(config.schema);
  if (problem) ctx.addIssue({ code: 'custom', path: ['schema'], message: problem });
});

export const numericClosenessConfigSchema = z.object({
  ...base,
  type: z.literal('numeric_closeness'),
  /** Absolute tolerance, default 0. */
  tolerance: z.number().min(0, 'tolerance must be 0 or more').optional(),
  /** Fraction of |expected|, e.g. 0.05 for 5%; the larger of the two tolerances applies. */
  relativeTolerance: z.number().min(0, 'relativeTolerance must be 0 or more').optional(),
});

export const stringSimilarityConfigSchema = z.object({
  ...base,
  type: z.literal('string_similarity'),
  /** Similarity at or above which the label is 'similar'; default 0.8. The score is the ratio itself. */
  threshold: z.number().min(0, 'threshold must be between 0 and 1').max(1, 'threshold must be between 0 and 1').optional(),
});

export const llmJudgeConfigSchema = z.object({
  ...base,
  type: z.literal('llm_judge'),
  providerConnectionId: z.string().min(1, 'Choose a provider connection for the judge'),
  model: z.string().trim().min(1, 'Choose a judge model'),
  /** Chat messages with {{input}}, {{output}} and {{expected}} placeholders. */
  template: templateMessagesSchema('The judge template', 'The judge template has no messages'),
});

export const evaluatorConfigSchema = z.discriminatedUnion('type', [
  exactMatchConfigSchema,
  containsConfigSchema,
  regexConfigSchema,
  validJsonConfigSchema,
  jsonSchemaConfigSchema,
  numericClosenessConfigSchema,
  stringSimilarityConfigSchema,
  llmJudgeConfigSchema,
]);

export type EvaluatorConfig = z.infer<typeof evaluatorConfigSchema>;
export type EvaluatorType = EvaluatorConfig['type'];
export type LlmJudgeConfig = z.infer<typeof llmJudgeConfigSchema>;
/** Evaluators that run in-process, without a model call. */
export type CodeEvaluatorConfig = Exclude<EvaluatorConfig, { type: 'llm_judge' }>;

export const EVALUATOR_TYPES = evaluatorConfigSchema.options.map((o) => o.shape.type.value) as EvaluatorType[];

export interface EvaluationResult {
  /** 0..1 */
  score: number;
  label: string;
  explanation: string;
}

export interface EvaluationContext {
  /** The run's output: a string, or parsed JSON for structured output. */
  output: unknown;
  /** The item's expected output (null when the item has none). */
  expected: unknown;
  input: unknown;
}

export function isJudge(ev: EvaluatorConfig): ev is LlmJudgeConfig {
  return ev.type === 'llm_judge';
}
