import { z } from 'zod';

/**
 * Job contracts shared by web (sender) and worker (handler): name, payload schema and send
 * options in one light module, so the two sides cannot drift apart. Payloads carry ids only.
 *
 * Payloads carry a version `v`: a job queued before a deploy is read by the new worker, so a
 * schema change bumps `version` and adds `upgrades[old]`, which turns the old payload into the next
 * one. Payloads from before versioning have no `v` and count as version 1.
 */
interface JobDefinition<S extends z.ZodType> {
  version: number;
  schema: S;
  /** upgrades[n] turns a version-n payload into a version n+1 one. */
  upgrades: Record<number, (old: Record<string, unknown>) => Record<string, unknown>>;
}

interface QueuedJob<S extends z.ZodType> extends JobDefinition<S> {
  queue: Record<string, unknown>;
  singletonKey: (data: never) => string;
}

const v1 = <T extends z.ZodRawShape>(shape: T) => z.object({ v: z.literal(1).default(1), ...shape });

export const jobs = {
  'experiment-run': {
    version: 1,
    schema: v1({ experimentId: z.uuid() }),
    upgrades: {},
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
  // A DELAYED evaluation's next attempt; a new job per attempt, carrying the retry baggage.
  'evaluation-retry': {
    version: 1,
    schema: v1({ evaluationId: z.uuid(), attempt: z.number().int().min(1), firstAttemptAt: z.number() }),
    upgrades: {},
    queue: { policy: 'standard' as const, retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
    singletonKey: (data: { evaluationId: string; attempt: number }) => `${data.evaluationId}:${data.attempt}`,
  },
  // One attempt of a webhook delivery. Each attempt is a job of its own, sent with the
  // delay of lib/webhooks/config.ts; pg-boss retries only a handler that threw (a database outage).
  'webhook-delivery': {
    version: 1,
    schema: v1({ deliveryId: z.uuid(), attempt: z.number().int().min(1) }),
    upgrades: {},
    queue: { policy: 'standard' as const, retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 },
    singletonKey: (data: { deliveryId: string; attempt: number }) => `${data.deliveryId}:${data.attempt}`,
  },
} as const satisfies Record<string, QueuedJob<z.ZodType>>;

export type JobName = keyof typeof jobs;
/** What a sender passes: `v` may be left out (the current version is stamped on send). */
export type JobInput<N extends JobName> = z.input<(typeof jobs)[N]['schema']>;
export type JobPayload<N extends JobName> = z.output<(typeof jobs)[N]['schema']>;
export const JOB_NAMES = Object.keys(jobs) as JobName[];

/**
 * Reads a payload of any version up to `def.version`: upgrades it step by step, then validates it.
 * A payload newer than this code (a job sent by a newer deploy) is refused, so pg-boss retries it
 * later instead of the job running on a misread payload.
 */
export function upgradePayload<S extends z.ZodType>(name: string, def: JobDefinition<S>, data: unknown): z.output<S> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`Job "${name}": payload must be an object`);
  }
  let payload = data as Record<string, unknown>;
  const from = payload.v ?? 1;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    throw new Error(`Job "${name}": payload version must be a whole number of 1 or more, got ${JSON.stringify(from)}`);
  }
  if (from > def.version) {
    throw new Error(`Job "${name}": payload version ${from} is newer than this worker understands (${def.version}); deploy the newer worker`);
  }
  for (let v = from; v < def.version; v++) {
    const step = def.upgrades[v];
    if (!step) throw new Error(`Job "${name}": no upgrade from payload version ${v}`);
    payload = { ...step(payload), v: v + 1 };
  }
  return def.schema.parse(payload);
}

/** The worker's reader for a queued job's data, whichever deploy sent it. */
export function parseJobPayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return upgradePayload(name, jobs[name] as JobDefinition<(typeof jobs)[N]['schema']>, data) as JobPayload<N>;
}
