'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { webhookInputSchema } from '@/lib/webhooks/api-schemas';
import { deleteWebhook, saveWebhook } from '@/lib/webhooks/settings';
import { sendTestDelivery } from '@/lib/webhooks/deliveries';
import { webhookConfig } from '@/lib/webhooks/config';

// The webhook calls out of this install with its results: only an admin sets or tests it.

export const saveWebhookAction = defineAction(webhookInputSchema, async (input, ctx) => {
  const saved = await saveWebhook(ctx.db, input, { userId: ctx.principal!.userId });
  revalidatePath('/settings');
  return saved;
}, { access: 'admin' });

export const deleteWebhookAction = defineAction(z.object({}), async (_input, ctx) => {
  const result = await deleteWebhook(ctx.db);
  revalidatePath('/settings');
  return result;
}, { access: 'admin' });

export const sendTestWebhookAction = defineAction(z.object({}), async (_input, ctx) => {
  const delivery = await sendTestDelivery(ctx.db, { config: webhookConfig() });
  revalidatePath('/settings');
  return delivery;
}, { access: 'admin' });
