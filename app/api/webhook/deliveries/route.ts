import { defineRoute } from '@/lib/server/define-route';
import { WEBHOOK_DELIVERIES_SHOWN, webhookDeliveriesSchema } from '@/lib/webhooks/api-schemas';
import { listDeliveries } from '@/lib/webhooks/deliveries';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/webhook/deliveries', tag: 'Webhook', access: 'admin',
  summary: 'Recent webhook deliveries',
  description: `The last ${WEBHOOK_DELIVERIES_SHOWN} deliveries, newest first: event, experiment, PENDING / DELIVERED / FAILED, attempts, and the last HTTP status or error.`,
  response: webhookDeliveriesSchema,
}, async (_input, { db }) => ({ deliveries: await listDeliveries(db) }));
