import { z } from 'zod';
import { templateMessagesSchema } from '../prompts/template';
import { evaluatorConfigSchema } from '../evaluators/types';
import { schemaSizeProblem } from '../llm/json-schema';
import { LIMITS } from '../limits';

export const modelParamsSchema = z.object({
  temperature: z.number().min(0, 'temperature must be between 0 and 2').max(2, 'temperature must be between 0 and 2').optional(),
  maxTokens: z.number().int().min(1, 'max tokens must be at least 1').max(1_000_000).optional(),
  topP: z.number().min(0, 'top_p must be between 0 and 1').max(1, 'top_p must be between 0 and 1').optional(),
});

const templateSchema = z.object({
  messages: templateMessagesSchema('The template', 'The prompt has no messages'),
  promptId: z.string().optional(),
  promptVersion: z.number().int().optional(),
});

/**
 * One variant of an experiment: what it changes from the experiment's own template, provider,
 * model and parameters (parameters are merged over the experiment's). Resolved by
 * `experimentVariants` (lib/experiments/variants.ts).
 */
export const variantSpecSchema = z.object({
  name: z.string().trim().min(1, 'A variant name cannot be empty').max(100, 'A variant name is at most 100 characters').optional(),
  template: templateSchema.optional(),
  providerConnectionId: z.uuid({ message: 'Choose a provider connection for every variant' }).optional(),
  model: z.string().trim().min(1, 'Choose a model for every variant').optional(),
  params: modelParamsSchema.optional(),
});
export type VariantSpec = z.infer<typeof variantSpecSchema>;

/** The full snapshot an experiment runs with: editing the prompt later never changes it. */
export const experimentConfigSchema = z.object({
  template: templateSchema,
  providerConnectionId: z.uuid({ message: 'Choose a provider connection' }),
  model: z.string().trim().min(1, 'Choose a model'),
  params: modelParamsSchema.default({}),
  responseSchema: z.record(z.string(), z.unknown()).nullable().default(null).superRefine((schema, ctx) => {
    const problem = schema && schemaSizeProblem(schema, 'The response schema');
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  repetitions: z.number().int().min(1, 'repetitions must be 1 to 100').max(100, 'repetitions must be 1 to 100').default(1),
  maxConcurrency: z.number().int().min(1).max(100).nullable().default(null),
  evaluators: z.array(evaluatorConfigSchema).default([]),
  /** Identical calls answered from the call cache; unset = auto: temperature 0 with one repetition (lib/runner/call-cache.ts). */
  cache: z.enum(['auto', 'on', 'off']).optional(),
  /** A budget cap in US dollars: the experiment stops (STOPPED, with the reason) before spending more. */
  budgetUsd: z.number().positive('The budget cap must be more than $0').max(1_000_000, 'The budget cap must be at most $1,000,000').nullable().optional(),
  /**
   * Several variants in one experiment (e.g. two prompts x three models): every (item, repetition)
   * runs once per variant. Unset = one variant, the experiment's own template, provider, model and params.
   */
  variants: z.array(variantSpecSchema)
    .min(1, 'List at least one variant, or leave variants out')
    .max(LIMITS.variants, `An experiment has at most ${LIMITS.variants} variants`)
    .optional(),
});
export type ExperimentConfig = z.infer<typeof experimentConfigSchema>;

export const createExperimentSchema = z.object({
  datasetId: z.uuid({ message: 'Choose a dataset' }),
  name: z.string().trim().min(1, 'Name is required').max(200),
  description: z.string().max(2000).default(''),
  /** Point in time of the dataset to run on; defaults to now. */
  datasetVersion: z.coerce.date().optional(),
  record: z.boolean().default(true),
  config: experimentConfigSchema,
});
export type CreateExperimentInput = z.input<typeof createExperimentSchema>;
