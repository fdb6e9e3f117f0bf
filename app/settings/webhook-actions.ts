'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { webhookInputSchema } from '@/lib/webhooks/api-schemas';
import { deleteWebhook, saveWebhook } from '@/lib/webhooks/settings';
import { sendTestDelivery } from '@/lib/webhooks/deliveries';
import { webhookConfig } from '@/lib/webhooks/config';

// The webhook calls out of this install with its results: only an admin sets or tests it.

export const saveWebhookAction = defineAction(webhookInputSchema,
  (input, ctx) => saveWebhook(ctx.db, input, { userId: ctx.principal!.userId }), { access: 'admin', revalidate: '/settings' });

export const deleteWebhookAction = defineAction(z.object({}),
  (_input, ctx) => deleteWebhook(ctx.db), { access: 'admin', revalidate: '/settings' });

export const sendTestWebhookAction = defineAction(z.object({}),
  (_input, ctx) => sendTestDelivery(ctx.db, { config: webhookConfig() }), { access: 'admin', revalidate: '/settings' });
