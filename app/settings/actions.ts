'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { createProvider, deleteProvider, getProviderCredentials, providerInputSchema, withoutTrailingSlashes } from '@/lib/providers/connections';
import { testConnection } from '@/lib/providers/client';
import { SecretDecryptError } from '@/lib/crypto/secret-box';
import { redactSecrets } from '@/lib/runner/redact';
import { NotFoundError, UserError } from '@/lib/errors';

// Every action here answers with a ProviderSummary's fields or a test result: never a key.

const byId = z.object({ id: z.uuid({ message: 'Unknown provider connection' }) });

const NO_SECRET = 'API keys cannot be stored: APP_SECRET is not set on the server (16+ characters). `npm start` generates one; set it when running the web process yourself.';

/** A provider's answer, with the key (and anything shaped like one) removed. */
type TestResult = { ok: true; models: string[] } | { ok: false; error: string };
async function safeTest(baseUrl: string, apiKey: string): Promise<TestResult> {
  const result = await testConnection({ baseUrl, apiKey });
  if (result.ok) return { ok: true, models: result.models };
  let error = redactSecrets(result.error, [apiKey]);
  // The SDK's messages are terse: say what to check.
  if (/^Connection error/i.test(error)) error = `Could not reach ${baseUrl}: is the server running and the URL right?`;
  else if (/^Request timed out/i.test(error)) error = `${baseUrl} did not answer within 10 seconds`;
  else if (/^404\b/.test(error)) error = `${error} (OpenAI-compatible base URLs usually end in /v1)`;
  return { ok: false, error };
}

export const createProviderAction = defineAction(providerInputSchema, async (input, ctx) => {
  if (input.apiKey && (process.env.APP_SECRET ?? '').length < 16) throw new UserError(NO_SECRET, { apiKey: 'Cannot be stored without APP_SECRET' });
  const created = await createProvider(ctx.db, { ...input, apiKey: input.apiKey || undefined });
  revalidatePath('/settings');
  return { id: created.id, name: created.name };
});

/** Tests a saved connection: the key is decrypted here, on the server, and never leaves it. */
export const testProviderAction = defineAction(byId, async ({ id }, ctx) => {
  let credentials;
  try {
    credentials = await getProviderCredentials(ctx.db, id);
  } catch (err) {
    if (err instanceof SecretDecryptError) throw new UserError(err.message);
    if (err instanceof Error && /APP_SECRET/.test(err.message)) throw new UserError(NO_SECRET);
    throw err;
  }
  if (!credentials) throw new NotFoundError('Provider connection');
  return safeTest(credentials.baseUrl, credentials.apiKey);
});

/** Tests what is typed in the "Add provider" dialog, before it is saved. */
export const testDraftProviderAction = defineAction(
  providerInputSchema.pick({ baseUrl: true, apiKey: true }),
  async ({ baseUrl, apiKey }) => safeTest(withoutTrailingSlashes(baseUrl), apiKey || 'no-key'),
);

export const deleteProviderAction = defineAction(byId, async ({ id }, ctx) => {
  if (!(await deleteProvider(ctx.db, id))) throw new NotFoundError('Provider connection');
  revalidatePath('/settings');
  return { deleted: 1 };
});
