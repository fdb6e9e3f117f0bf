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
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = z.infer<(typeof jobs)[N]['schema']>;
export const JOB_NAMES = Object.keys(jobs) as JobName[];
