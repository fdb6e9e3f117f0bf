import type { DbOrTx } from '../db/client';
import { getProviderCredentials } from '../providers/connections';
import { testConnection } from '../providers/client';
import { NotFoundError } from '../errors';

export interface ProviderModels { models: string[]; error: string | null }

/**
 * The model ids a provider lists at `/models`, as suggestions: an unreachable provider gives none
 * and says why. `showDetails` (admins) includes the provider's own error text, truncated.
 */
export async function providerModels(db: DbOrTx, providerId: string, opts: { showDetails: boolean }): Promise<ProviderModels> {
  const provider = await getProviderCredentials(db, providerId);
  if (!provider) throw new NotFoundError('Provider connection');
  const result = await testConnection(provider, { showDetails: opts.showDetails });
  return result.ok ? { models: [...result.models].sort(), error: null } : { models: [], error: result.error };
}
