import { defineRoute } from '@/lib/server/define-route';
import { webhookDeliverySchema } from '@/lib/webhooks/api-schemas';
import { sendTestDelivery } from '@/lib/webhooks/deliveries';
import { webhookConfig } from '@/lib/webhooks/config';

export const dynamic = 'force-dynamic';

export const POST = defineRoute({
  method: 'POST', path: '/api/webhook/test', tag: 'Webhook', access: 'admin',
  summary: 'Send a test delivery',
  description: 'POSTs one signed `webhook.test` event now (the latest ended experiment\'s summary, or a sample), even while the webhook is off, and answers how it went. ' +
    'A failed delivery is an answer (`status: FAILED` with the error), not an error status; it is not retried.',
  response: webhookDeliverySchema,
  errors: { 409: 'No webhook is set' },
}, async (_input, { db }) => sendTestDelivery(db, { config: webhookConfig() }));
