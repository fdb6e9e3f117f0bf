import { z } from 'zod';
import { COMPARE_MAX_SERIES } from './compare-params';
import { experimentStatusSchema, runSchema } from './api-responses';

/**
 * What the compare routes take and answer (lib/experiments/compare.ts, comparison.ts,
 * disagreements.ts), as zod schemas: the OpenAPI document is generated from them.
 */

const id = z.uuid();
const seriesKey = z.string().meta({ description: 'A series: `<experiment id>:<variant>`' });

/** The query every compare route reads: which series, and the baseline. */
export const compareSeriesQuery = {
  experiment: z.array(z.string().max(60, 'must be <experiment id> or <experiment id>:<variant>'))
    .max(COMPARE_MAX_SERIES, `at most ${COMPARE_MAX_SERIES} series`).optional()
    .meta({ description: `Repeat for each series (up to ${COMPARE_MAX_SERIES}): \`<experiment id>\` for all its variants, \`<experiment id>:<variant>\` for one. One experiment alone compares its variants.` }),
  ids: z.string().max(40 * COMPARE_MAX_SERIES, `at most ${COMPARE_MAX_SERIES} experiments`).optional()
    .meta({ description: 'Older form: experiment ids separated by commas (all variants of each)' }),
  baseline: z.string().max(60).optional()
    .meta({ description: 'The series the others are compared with: a series key or an experiment id (default: the first series)' }),
};

const delta = z.object({ value: z.number(), better: z.boolean() }).nullable();
const costUsd = z.number().nullable().meta({ description: 'US dollars; null when no call had a price' });

export const comparisonSchema = z.object({
  dataset: z.object({ id, name: z.string() }),
  baseline: seriesKey,
  series: z.array(z.object({
    key: seriesKey, experimentId: id, experimentName: z.string(), variant: z.number().int(), variantName: z.string(),
    variantCount: z.number().int().meta({ description: 'Variants its experiment has' }),
    name: z.string().meta({ description: 'Its label: the experiment, with the variant where the experiment has several' }),
    status: experimentStatusSchema, model: z.string(), providerName: z.string().nullable(), createdAt: z.iso.datetime({ offset: true }),
    evaluatorNames: z.array(z.string()), totalRuns: z.number().int(), succeeded: z.number().int(), failed: z.number().int(),
    successRate: z.number().nullable(), meanLatencyMs: z.number().nullable().meta({ description: 'Of its provider calls (cached answers excluded)' }),
    promptTokens: z.number().int(), completionTokens: z.number().int(), costUsd, unpricedCalls: z.number().int(), costNote: z.string().nullable(),
    deltas: z.object({ successRate: delta, meanLatencyMs: delta, costUsd: delta }).nullable()
      .meta({ description: 'Against the baseline; null for the baseline itself' }),
  })).meta({ description: 'Baseline first' }),
  oneExperiment: z.object({ id, name: z.string() }).nullable().meta({ description: 'Set when every series is a variant of this experiment' }),
  evaluatorNames: z.array(z.string()),
  rows: z.array(z.object({
    itemId: id, input: z.unknown(), expected: z.unknown(),
    cells: z.record(z.string(), runSchema.extend({
      differs: z.boolean().meta({ description: "The outcome differs from the baseline's for this item" }),
    }).nullable()).meta({ description: 'By series key; null where that series has no run of the item' }),
  })),
  total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), pages: z.number().int(), onlyDiffs: z.boolean(),
}).meta({ id: 'Comparison' });

const interval = z.tuple([z.number(), z.number()]).nullable()
  .meta({ description: '[low, high]; null with fewer items than `minItems`' });
const method = z.enum(['bootstrap', 'normal']).nullable()
  .meta({ description: "'bootstrap' (percentile, over items), or 'normal' past `bootstrapMaxItems` items" });

export const comparisonStatsSchema = z.object({
  baseline: seriesKey,
  level: z.number().meta({ description: 'Coverage of every interval (0.95)' }),
  resamples: z.number().int(),
  bootstrapMaxItems: z.number().int(),
  minItems: z.number().int(),
  itemCap: z.number().int().meta({ description: 'Items per series counted at most (the first, in dataset order)' }),
  capped: z.array(seriesKey).meta({ description: 'Series with more items than `itemCap`' }),
  evaluators: z.array(z.object({
    evaluator: z.string(),
    series: z.array(z.object({
      key: seriesKey, n: z.number().int().meta({ description: 'Items with a completed score (repetitions averaged)' }),
      mean: z.number().nullable(), ci: interval, method,
    })),
    paired: z.array(z.object({
      key: seriesKey,
      n: z.number().int().meta({ description: 'Items both this series and the baseline have a score for' }),
      meanBase: z.number().nullable(), meanOther: z.number().nullable(),
      diff: z.number().nullable().meta({ description: 'meanOther - meanBase over the shared items' }),
      ci: interval, method,
      wins: z.number().int(), ties: z.number().int(), losses: z.number().int(),
      significant: z.boolean().meta({ description: 'The interval does not contain 0' }),
    })).meta({ description: 'Every other series against the baseline' }),
    histogram: z.object({
      bins: z.array(z.object({ from: z.number(), to: z.number() })).meta({ description: 'Tenths of 0..1 (a score of 1 in the last)' }),
      series: z.array(z.object({
        key: seriesKey,
        counts: z.array(z.number().int()).meta({ description: 'Items per bin, by their mean score' }),
        total: z.number().int(),
      })),
    }).meta({ description: 'How the items score, a series each' }),
  })),
}).meta({ id: 'ComparisonStats' });

export const disagreementPageSchema = z.object({
  baseline: seriesKey,
  rows: z.array(comparisonSchema.shape.rows.element.extend({
    seq: z.number().int().meta({ description: 'Pass the last as `after` for the next page' }),
    evaluators: z.array(z.string()).meta({ description: 'Evaluators the series disagree on' }),
    scores: z.record(z.string(), z.record(z.string(), z.number())).meta({ description: 'Per series key, the mean score per evaluator' }),
  })),
  pageSize: z.number().int(),
  remaining: z.number().int().meta({ description: 'Disagreeing items from this page on (all of them on the first page)' }),
  next: z.number().int().nullable().meta({ description: 'Pass as `after` for the next page; null on the last' }),
  spread: z.number(), passScore: z.number(),
}).meta({ id: 'DisagreementPage' });
