import { z } from 'zod';
import { EVALUATION_STATUSES, EXPERIMENT_STATUSES, RUN_STATUSES } from '../db/schema';
import { experimentConfigSchema } from './config';
import { evaluatorConfigSchema } from '../evaluators/types';

/**
 * What the experiment routes answer, as zod schemas: the OpenAPI document is generated from them,
 * and each route's handler must return their input type, so a field added to a query result and
 * not here fails to compile where it is narrower, and fails the API tests where it is extra.
 */

const isoTime = z.iso.datetime({ offset: true });
const id = z.uuid();

export const experimentStatusSchema = z.enum(EXPERIMENT_STATUSES);
export const runStatusSchema = z.enum(RUN_STATUSES);
export const evaluationStatusSchema = z.enum(EVALUATION_STATUSES);

export const evaluatorAverageSchema = z.object({
  evaluator: z.string(),
  average: z.number().meta({ description: '0..1' }),
  count: z.number().int(),
}).meta({ id: 'EvaluatorAverage' });

/** Tokens and cost of every recorded call (tasks and judges), moved with each recorded result. */
const costFields = {
  promptTokens: z.number().int(), completionTokens: z.number().int(),
  cachedPromptTokens: z.number().int().meta({ description: 'Part of promptTokens, served from the provider cache' }),
  costUsd: z.number().nullable().meta({ description: 'US dollars at the prices the calls were charged at; null when no call had a price' }),
  unpricedCalls: z.number().int().meta({ description: 'Calls that used tokens with no price set (not counted in costUsd)' }),
  costNote: z.string().nullable().meta({ description: "'no price set', or how many calls the cost leaves out" }),
};

export const experimentSummarySchema = z.object({
  id, datasetId: id, name: z.string(), status: experimentStatusSchema,
  model: z.string().meta({ description: 'The model, or the distinct models of its variants' }),
  variantCount: z.number().int().meta({ description: 'Variants (prompt x model x parameters) it runs; 1 for a plain experiment' }),
  totalRuns: z.number().int(), runsSucceeded: z.number().int(), runsFailed: z.number().int(), itemsSkipped: z.number().int(),
  evalsCompleted: z.number().int(), evalsFailed: z.number().int(), evalsDelayed: z.number().int(), evaluatorCount: z.number().int(),
  evaluatorNames: z.array(z.string()),
  evaluatorAverages: z.array(evaluatorAverageSchema).optional(),
  lastError: z.string().nullable(),
  rateLimited: z.boolean(),
  rateLimitWaits: z.number().int().meta({ description: 'Times a call was answered 429 and waited to be retried' }),
  waitingForWorker: z.boolean().meta({ description: 'QUEUED or RUNNING, but no live worker holds it' }),
  runsCached: z.number().int().meta({ description: 'Runs answered from the call cache (counted in runsSucceeded)' }),
  ...costFields,
  createdAt: isoTime, startedAt: isoTime.nullable(), finishedAt: isoTime.nullable(), toggledAt: isoTime.nullable(),
}).meta({ id: 'ExperimentSummary' });

export const experimentWithDatasetSchema = experimentSummarySchema.extend({ datasetName: z.string() })
  .meta({ id: 'ExperimentWithDataset' });

/** A delta poll of an experiments list (`updatedSince` given): see lib/experiments/list.ts. */
export function experimentChangesSchema<T extends z.ZodType>(row: T, name: string) {
  return z.object({
    experiments: z.array(row).meta({ description: 'Rows changed since the cursor, and every QUEUED or RUNNING one (any page, matching `q`)' }),
    removed: z.array(id).meta({ description: 'Ids deleted since the cursor' }),
    total: z.number().int().meta({ description: 'Matching experiments now' }),
    more: z.boolean().meta({ description: 'More changes follow: ask again at once with `cursor`' }),
    reset: z.boolean().meta({ description: 'The cursor was too old: `experiments` is the requested page itself, to replace the list with' }),
    cursor: z.string().meta({ description: 'Pass as `updatedSince` next time' }),
  }).meta({ id: name });
}

export const createdSchema = z.object({ id }).meta({ id: 'Created' });
export const stoppedSchema = z.object({ stopped: z.boolean() });
export const resumedSchema = z.object({ resumed: z.boolean() });
export const deletedSchema = z.object({ deleted: z.boolean() });
export const okSchema = z.object({ ok: z.literal(true) });

export const variantSummarySchema = z.object({
  variant: z.number().int().meta({ description: 'Its number: experiment_runs.variant, 0 first' }),
  name: z.string(), providerConnectionId: id.nullable(), providerName: z.string().nullable(), model: z.string(),
  totalRuns: z.number().int(), runsSucceeded: z.number().int(), runsFailed: z.number().int(), runsCached: z.number().int(),
  promptTokens: z.number().int(), completionTokens: z.number().int(),
  costUsd: costFields.costUsd, unpricedCalls: costFields.unpricedCalls, costNote: costFields.costNote,
  meanLatencyMs: z.number().nullable().meta({ description: 'Mean latency of its provider calls (cached answers excluded)' }),
  evaluatorAverages: z.array(evaluatorAverageSchema),
}).meta({ id: 'VariantSummary' });

export const experimentDetailsSchema = z.object({
  summary: experimentSummarySchema,
  description: z.string(),
  record: z.boolean(),
  dataset: z.object({ id, name: z.string().nullable(), version: isoTime }),
  provider: z.object({ id: z.string(), name: z.string().nullable() }),
  judgeProviders: z.record(z.string(), z.string().nullable()),
  config: experimentConfigSchema,
  evaluatorAverages: z.array(evaluatorAverageSchema),
  variants: z.array(variantSummarySchema).meta({ description: 'Per variant: progress, usage, cost and scores (one for a plain experiment)' }),
  errorsLogged: z.number().int(),
});

export const errorLogPageSchema = z.object({
  entries: z.array(z.object({
    id: z.number().int(), at: isoTime,
    source: z.string().meta({ description: "'task', 'system' or 'evaluator:<name>'" }),
    kind: z.string().nullable(), datasetItemId: id.nullable(), repetition: z.number().int().nullable(),
    attempt: z.number().int().nullable(), variant: z.number().int().nullable(), message: z.string(),
  })),
  nextBefore: z.number().int().nullable().meta({ description: 'Pass as `before` for the next (older) page; null on the last' }),
  matching: z.number().int(), total: z.number().int(), stored: z.number().int(), dropped: z.number().int(),
  droppedNote: z.string().nullable(),
});

const tokens = z.number().int().nullable();

export const runEvaluationSchema = z.object({
  name: z.string(), status: evaluationStatusSchema, score: z.number().nullable(), label: z.string().nullable(),
  explanation: z.string().nullable(), error: z.string().nullable(), nextRetryAt: isoTime.nullable(),
}).meta({ id: 'RunEvaluation' });

/** The one run view (lib/experiments/run-view.ts): results, run changes and compare all answer it. */
export const runSchema = z.object({
  id, experimentId: id, itemId: id, itemSeq: z.number().int().meta({ description: "The item's position in its dataset" }),
  repetition: z.number().int(),
  variant: z.number().int().meta({ description: "The experiment's variant that made the call (0 for a single-variant experiment)" }),
  status: runStatusSchema,
  input: z.unknown(), expected: z.unknown(), output: z.unknown(), error: z.string().nullable(),
  attempts: z.number().int(), latencyMs: tokens, promptTokens: tokens, completionTokens: tokens,
  cached: z.boolean().meta({ description: 'Answered from the call cache: no provider call, no cost' }),
  evaluations: z.array(runEvaluationSchema),
}).meta({ id: 'Run' });

export const resultsPageSchema = z.object({
  runs: z.array(runSchema),
  pageSize: z.number().int(),
  from: z.number().int().meta({ description: "The number (1-based) of the page's first run in the filtered list" }),
  total: z.number().int().meta({ description: 'Runs matching the filter (at least this many when totalCapped)' }),
  totalCapped: z.boolean().meta({ description: 'A score or item filter is counted up to 10,000 matches' }),
  next: z.string().nullable().meta({ description: 'Pass as `after` for the next page; null on the last page' }),
  prev: z.string().nullable().meta({ description: 'Pass as `before` for the previous page; null on the first page' }),
});

export const runDetailSchema = z.object({
  id, itemId: id, repetition: z.number().int(), status: runStatusSchema, attempts: z.number().int(), error: z.string().nullable(),
  latencyMs: tokens, promptTokens: tokens, completionTokens: tokens,
  request: z.unknown().meta({ description: 'The exact request body sent to the provider' }),
  response: z.unknown().meta({ description: "The provider's raw response (truncated when very large)" }),
  createdAt: isoTime, updatedAt: isoTime,
  history: z.array(z.object({
    attempt: z.number().int(), at: isoTime, status: runStatusSchema, error: z.string().nullable(), calls: z.number().int(),
    latencyMs: tokens, promptTokens: tokens, completionTokens: tokens, output: z.unknown(), response: z.unknown(),
  })),
});

export const runChangesSchema = z.object({
  runs: z.array(runSchema.extend({
    cursor: z.string().meta({ description: 'Pass the last one back as `after`' }),
  })),
  more: z.boolean().meta({ description: 'More changes follow: ask again at once from the last cursor' }),
  cursor: z.string().meta({ description: 'Pass as `after` for the next poll: commit-safe (a change that commits late is still returned), so no `overlapMs` is needed' }),
});

export const addedEvaluatorsSchema = z.object({ evaluators: z.array(evaluatorConfigSchema) });

// The compare routes' answers: lib/experiments/compare-schemas.ts.
