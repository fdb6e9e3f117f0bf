import { z } from 'zod';

/**
 * Job contracts shared by web (sender) and worker (handler): name, payload schema and send
 * options in one light module, so the two sides cannot drift apart. Payloads carry ids only.
 */
export const jobs = {
  'experiment-run': {
    schema: z.object({ experimentId: z.uuid() }),
    queue: {
      // 'short': at most one queued job per singletonKey, so an experiment never has two queued starts.
      policy: 'short' as const,
      retryLimit: 10,
      retryDelay: 10,
      retryBackoff: true,
      retryDelayMax: 600,
      expireInSeconds: 300,
    },
    singletonKey: (data: { experimentId: string }) => data.experimentId,
  },
  // Seed 003: a DELAYED evaluation's next attempt; a new job per attempt, carrying the retry baggage.
  'evaluation-retry': {
    schema: z.object({ evaluationId: z.uuid(), attempt: z.number().int().min(1), firstAttemptAt: z.number() }),
    queue: { policy: 'standard' as const, retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
    singletonKey: (data: { evaluationId: string; attempt: number }) => `${data.evaluationId}:${data.attempt}`,
  },
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = z.infer<(typeof jobs)[N]['schema']>;
export const JOB_NAMES = Object.keys(jobs) as JobName[];
