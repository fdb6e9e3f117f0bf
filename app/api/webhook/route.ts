import { defineRoute } from '@/lib/server/define-route';
import { webhookDeletedSchema, webhookInputSchema, webhookStateSchema, webhookSummarySchema } from '@/lib/webhooks/api-schemas';
import { deleteWebhook, getWebhook, saveWebhook } from '@/lib/webhooks/settings';

export const dynamic = 'force-dynamic';

const webhookRoute = { path: '/api/webhook', tag: 'Webhook', access: 'admin' } as const;

export const GET = defineRoute({
  method: 'GET', ...webhookRoute, summary: 'The finished-run webhook',
  description: 'Its URL, whether it is on, and the last 4 characters of its signing secret (never the secret). `webhook` is null when none is set.',
  response: webhookStateSchema,
}, async (_input, { db }) => ({ webhook: await getWebhook(db) }));

export const PUT = defineRoute({
  method: 'PUT', ...webhookRoute, summary: 'Set the finished-run webhook',
  description: 'When a recorded experiment ends (COMPLETED, STOPPED or ERROR) the worker POSTs a signed JSON summary to the URL: ' +
    '`X-Webhook-Timestamp: <unix seconds>` and `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, keyed with the secret. ' +
    'A 2xx answer is success; anything else is retried with backoff (6 attempts over about 10 minutes by default). ' +
    'The URL is held to the same outbound policy as provider URLs (ALLOWED_PROVIDER_HOSTS). The secret is required the first time and kept when left out.',
  body: webhookInputSchema,
  response: webhookSummarySchema,
}, async ({ body }, { db, principal }) => saveWebhook(db, body, { userId: principal.userId }));

export const DELETE = defineRoute({
  method: 'DELETE', ...webhookRoute, summary: 'Remove the finished-run webhook',
  description: 'Its URL and secret are deleted; deliveries not yet sent end FAILED. The delivery log is kept.',
  response: webhookDeletedSchema,
}, async (_input, { db }) => deleteWebhook(db));
