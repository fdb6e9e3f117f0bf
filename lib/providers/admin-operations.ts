import type { DbOrTx } from '../db/client';
import { SecretDecryptError } from '../crypto/secret-box';
import { NotFoundError, UserError } from '../errors';
import { createProvider, deleteProvider, getProviderCredentials, type ProviderInput, type ProviderSummary } from './connections';
import { testConnection, type TestResult } from './client';

/**
 * Provider connection operations as an admin does them, from Settings or from the API: the same
 * checks and messages either way. No answer carries a key.
 */

export const NO_SECRET = 'API keys cannot be stored: APP_SECRET is not set on the server (16+ characters). `npm start` generates one; set it when running the web process yourself.';

export async function createProviderConnection(db: DbOrTx, input: ProviderInput): Promise<ProviderSummary> {
  if (input.apiKey && (process.env.APP_SECRET ?? '').length < 16) throw new UserError(NO_SECRET, { apiKey: 'Cannot be stored without APP_SECRET' });
  return createProvider(db, { ...input, apiKey: input.apiKey || undefined });
}

/** Lists the saved connection's models: the key is decrypted here, on the server, and never leaves it. */
export async function testSavedProvider(db: DbOrTx, id: string): Promise<TestResult> {
  let credentials;
  try {
    credentials = await getProviderCredentials(db, id);
  } catch (err) {
    if (err instanceof SecretDecryptError) throw new UserError(err.message);
    if (err instanceof Error && /APP_SECRET/.test(err.message)) throw new UserError(NO_SECRET);
    throw err;
  }
  if (!credentials) throw new NotFoundError('Provider connection');
  // Admins only: the provider's own error text is shown, redacted and truncated.
  return testConnection(credentials, { showDetails: true });
}

export async function deleteProviderConnection(db: DbOrTx, id: string): Promise<{ deleted: true }> {
  if (!(await deleteProvider(db, id))) throw new NotFoundError('Provider connection');
  return { deleted: true };
}
