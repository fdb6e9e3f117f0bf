import { z } from 'zod';
import { templateMessagesSchema } from '../prompts/template';
import { LIMITS } from '../limits';

/** The estimate's request and answer. Client-safe (pure zod): the forms build the request. */

/** LLM judges one estimate prices; each is a model call per run. */
export const MAX_ESTIMATE_JUDGES = 20;
/** Items a "Measure" asks the model about (real calls, really paid). */
export const MEASURE_ITEMS = 5;

const judgeSchema = z.object({
  providerConnectionId: z.string().trim().min(1, 'Choose a provider connection for the judge'),
  model: z.string().trim().min(1, 'Choose a judge model').max(200, 'at most 200 characters'),
  template: templateMessagesSchema('The judge template', 'The judge template has no messages'),
});

/** One variant of the experiment: what it changes from the request's own prompt, provider, model and max tokens. */
const variantSchema = z.object({
  messages: templateMessagesSchema('A variant\'s template', 'A variant\'s prompt has no messages').optional(),
  providerConnectionId: z.uuid({ message: 'Choose a provider connection for every variant' }).optional(),
  model: z.string().trim().min(1, 'Choose a model for every variant').max(200, 'at most 200 characters').optional(),
  maxTokens: z.number().int().min(1, 'max tokens must be at least 1').max(1_000_000, 'max tokens must be at most 1,000,000').optional(),
});

export const estimateRequestSchema = z.object({
  datasetId: z.uuid({ message: 'Choose a dataset' }),
  /** The dataset as it was then; absent means the latest. */
  datasetVersion: z.coerce.date({ message: 'must be an ISO 8601 date-time' }).optional(),
  messages: templateMessagesSchema('The template', 'The prompt has no messages'),
  providerConnectionId: z.uuid({ message: 'Choose a provider connection' }),
  model: z.string().trim().min(1, 'Choose a model').max(200, 'at most 200 characters'),
  maxTokens: z.number().int().min(1, 'max tokens must be at least 1').max(1_000_000, 'max tokens must be at most 1,000,000').optional(),
  responseSchema: z.record(z.string(), z.unknown()).nullable().optional(),
  repetitions: z.number().int().min(1, 'repetitions must be 1 to 100').max(100, 'repetitions must be 1 to 100').default(1),
  judges: z.array(judgeSchema).max(MAX_ESTIMATE_JUDGES, `at most ${MAX_ESTIMATE_JUDGES} LLM judges`).default([]),
  /** Run MEASURE_ITEMS real calls to measure output tokens, instead of assuming the max. */
  measure: z.boolean().default(false),
  /** Several variants (prompt x model x parameters): the estimate is the sum of theirs. Absent: the request is the one variant. */
  variants: z.array(variantSchema).min(1, 'List at least one variant, or leave variants out')
    .max(LIMITS.variants, `An experiment has at most ${LIMITS.variants} variants`).optional(),
});
export type EstimateRequest = z.input<typeof estimateRequestSchema>;
export type EstimateParams = z.output<typeof estimateRequestSchema>;

const rangeSchema = z.object({
  low: z.number(),
  /** null: no upper bound is known (no max tokens and nothing measured). */
  high: z.number().nullable(),
});
export type TokenRange = z.infer<typeof rangeSchema>;

export const OUTPUT_SOURCES = ['measured', 'max_tokens', 'quota', 'unknown'] as const;
export type OutputSource = (typeof OUTPUT_SOURCES)[number];

export const estimateSchema = z.object({
  totalItems: z.number().int().meta({ description: 'Items in the dataset version' }),
  eligibleItems: z.number().int().meta({ description: 'Items that provide every variable (the ones that run)' }),
  sampledItems: z.number().int().meta({ description: 'Eligible items whose rendered prompts were tokenized' }),
  calls: z.object({ task: z.number().int(), judge: z.number().int(), total: z.number().int() }),
  inputTokens: rangeSchema.extend({ expected: z.number() }),
  outputTokens: rangeSchema.extend({
    source: z.enum(OUTPUT_SOURCES).meta({ description: 'Where the task calls\' output bound comes from' }),
    perCall: rangeSchema.meta({ description: 'Output tokens of one task call' }),
  }),
  cost: rangeSchema.nullable().meta({ description: 'US dollars; null when a model has no price set' }),
  missingPrices: z.array(z.string()).meta({ description: 'Models without a price ("no price set")' }),
  pricesAsOf: z.string().nullable(),
  measured: z.object({ calls: z.number().int(), failed: z.number().int(), error: z.string().nullable() }).nullable(),
  variants: z.number().int().optional().meta({ description: 'Variants estimated, when the request listed them: every other figure is their sum' }),
});
export type Estimate = z.infer<typeof estimateSchema>;
