'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { providerInputSchema, withoutTrailingSlashes } from '@/lib/providers/connections';
import { createProviderConnection, deleteProviderConnection, testSavedProvider } from '@/lib/providers/admin-operations';
import { testConnection } from '@/lib/providers/client';

// Provider connections are for admins. The same operations as the JSON routes (one place each);
// every answer is a summary or a test result, never a key.

const byId = z.object({ id: z.uuid({ message: 'Unknown provider connection' }) });

export const createProviderAction = defineAction(providerInputSchema, async (input, ctx) => {
  const created = await createProviderConnection(ctx.db, input);
  return { id: created.id, name: created.name };
}, { access: 'admin', revalidate: '/settings' });

/** Tests a saved connection: the key is decrypted here, on the server, and never leaves it. */
export const testProviderAction = defineAction(byId, async ({ id }, ctx) => testSavedProvider(ctx.db, id), { access: 'admin' });

/** Tests what is typed in the "Add provider" dialog, before it is saved (admins see the provider's own error text). */
export const testDraftProviderAction = defineAction(
  providerInputSchema.pick({ baseUrl: true, apiKey: true }),
  async ({ baseUrl, apiKey }) => testConnection({ baseUrl: withoutTrailingSlashes(baseUrl), apiKey: apiKey || 'no-key' }, { showDetails: true }),
  { access: 'admin' },
);

export const deleteProviderAction = defineAction(byId,
  ({ id }, ctx) => deleteProviderConnection(ctx.db, id), { access: 'admin', revalidate: '/settings' });
