import { z } from 'zod';

/** What GET /api/experiments/{id}/distributions answers (lib/experiments/distributions.ts). */

const bin = z.object({
  from: z.number(),
  to: z.number(),
  overflow: z.boolean().optional().meta({ description: 'The last bin of a long tail: every value from `from` up (`to` is the largest seen)' }),
});

const histogram = z.object({
  bins: z.array(bin).meta({ description: 'Shared by every series' }),
  series: z.array(z.object({
    key: z.string().meta({ description: 'The experiment id' }),
    counts: z.array(z.number().int()).meta({ description: 'Per bin, in the order of `bins`' }),
    total: z.number().int().meta({ description: 'Every value counted (the sum of `counts`)' }),
  })),
}).meta({ id: 'Histogram' });

export const experimentDistributionsSchema = z.object({
  scores: z.array(z.object({ evaluator: z.string(), histogram })).meta({
    description: 'Per evaluator with a score: COMPLETED evaluations in ten bins over 0..1 (a score of 1 in the last)',
  }),
  latency: histogram.extend({ unit: z.literal('ms') }).meta({
    description: 'Latency of the runs the provider answered (succeeded, not from the call cache), in round-number bins',
  }),
}).meta({ id: 'ExperimentDistributions' });
