import { z } from 'zod';
import { httpUrlProblem } from '../security/http-url';

/** What the webhook routes, actions and Settings form take and answer. Client-safe: no server imports. */

export const WEBHOOK_URL_MAX_CHARS = 2_000;
export const WEBHOOK_SECRET_MIN_CHARS = 16;
export const WEBHOOK_SECRET_MAX_CHARS = 256;
/** How many deliveries Settings and GET /api/webhook/deliveries list (newest first). */
export const WEBHOOK_DELIVERIES_SHOWN = 20;

/**
 * Why a webhook URL may not be saved, by its form alone, or null (the addresses it resolves to are
 * checked on the server, and again on every connection). Messages never repeat the URL.
 */
export function webhookUrlProblem(raw: string): string | null {
  // A password in it would be a leaked secret: it is stored in plain text and shown in Settings.
  return httpUrlProblem(raw, {
    what: 'Webhook URL', example: 'https://ci.example.com/hooks/experiments', maxChars: WEBHOOK_URL_MAX_CHARS,
    credentialsInstead: 'the receiver checks the signature instead', query: true,
  });
}

const urlSchema = z.string().trim().min(1, 'Webhook URL is required').superRefine((url, ctx) => {
  const problem = webhookUrlProblem(url);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).meta({ description: `Where to POST: http(s), at most ${WEBHOOK_URL_MAX_CHARS} characters, under the same outbound policy as provider URLs (ALLOWED_PROVIDER_HOSTS)` });

export const webhookSecretSchema = z.string()
  .min(WEBHOOK_SECRET_MIN_CHARS, `The signing secret must be at least ${WEBHOOK_SECRET_MIN_CHARS} characters`)
  .max(WEBHOOK_SECRET_MAX_CHARS, `The signing secret must be at most ${WEBHOOK_SECRET_MAX_CHARS} characters`)
  // Leading or trailing spaces are almost always a copy-paste slip the receiver would not share.
  .refine((s) => s.trim() === s, 'The signing secret must not start or end with a space');

export const webhookInputSchema = z.object({
  url: urlSchema,
  secret: webhookSecretSchema.optional().meta({
    description: `The HMAC signing secret, ${WEBHOOK_SECRET_MIN_CHARS}-${WEBHOOK_SECRET_MAX_CHARS} characters. Required the first time; leave it out to keep the stored one. Never returned.`,
  }),
  enabled: z.boolean().default(true),
}).meta({ id: 'WebhookInput' });
export type WebhookInput = z.input<typeof webhookInputSchema>;

/** The webhook as any read shows it: never the secret, only its last four characters. */
export const webhookSummarySchema = z.object({
  url: z.string(),
  secretLast4: z.string().meta({ description: 'The last 4 characters of the signing secret' }),
  enabled: z.boolean(),
  updatedAt: z.date(),
}).meta({ id: 'Webhook' });
export type WebhookSummary = z.infer<typeof webhookSummarySchema>;

export const webhookStateSchema = z.object({ webhook: webhookSummarySchema.nullable() }).meta({ id: 'WebhookState' });

export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  event: z.string().meta({ description: 'experiment.finished, or webhook.test for "Send test"' }),
  experimentId: z.uuid().nullable(),
  experimentName: z.string().nullable(),
  experimentStatus: z.string().nullable().meta({ description: 'How the experiment ended: COMPLETED, STOPPED or ERROR' }),
  status: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
  attempts: z.number().int(),
  lastHttpStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.date().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
}).meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveriesSchema = z.object({ deliveries: z.array(webhookDeliverySchema) });
export const webhookDeletedSchema = z.object({ deleted: z.boolean() });

const scoreSchema = z.object({
  evaluator: z.string(),
  mean: z.number().nullable().meta({ description: 'Mean score (0..1) over completed evaluations; null when none completed' }),
  n: z.number().int(),
});
const countsSchema = z.object({ totalRuns: z.number().int(), succeeded: z.number().int(), failed: z.number().int(), cached: z.number().int() });

/** The JSON body of every delivery; receivers may validate with this schema (also in the OpenAPI document). */
export const webhookPayloadSchema = z.object({
  event: z.enum(['experiment.finished', 'webhook.test']),
  experiment: z.object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['COMPLETED', 'STOPPED', 'ERROR']),
    lastError: z.string().nullable(),
    datasetId: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string(),
    url: z.string().meta({ description: "The experiment's page in this app (APP_URL)" }),
  }),
  counts: countsSchema,
  cost: z.object({
    usd: z.number(), promptTokens: z.number().int(), completionTokens: z.number().int(),
    unpricedCalls: z.number().int().meta({ description: 'Calls with tokens but no price: usd leaves them out' }),
  }),
  scores: z.array(scoreSchema).meta({ description: 'Over every variant together' }),
  variants: z.array(z.object({
    variant: z.number().int().meta({ description: '0 is the first' }),
    name: z.string(),
    model: z.string(),
    counts: countsSchema,
    costUsd: z.number().nullable().meta({ description: 'Tasks and judges; null when no call had a price' }),
    scores: z.array(scoreSchema),
  })).meta({ description: 'Each variant on its own, in order (one entry for an experiment without variants)' }),
}).meta({ id: 'WebhookPayload' });
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
