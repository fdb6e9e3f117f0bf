import type { ApiClient } from './api-client';
import type { DatasetRow, ProviderRow } from './api-types';
import { ApiError, UsageError } from './exit-codes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isId = (value: string) => UUID.test(value);

/** A dataset id, or the id of the dataset of that exact name. */
export async function datasetId(api: ApiClient, idOrName: string): Promise<string> {
  if (isId(idOrName)) return idOrName;
  const rows = await api.get<DatasetRow[]>('/api/datasets');
  return byName(rows, idOrName, 'dataset', '--dataset');
}

/** A provider connection id, or the id of the one of that exact name (listing them is for admins). */
export async function providerId(api: ApiClient, idOrName: string): Promise<string> {
  if (isId(idOrName)) return idOrName;
  let rows: ProviderRow[];
  try {
    rows = await api.get<ProviderRow[]>('/api/providers');
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) {
      throw new UsageError(`--provider "${idOrName}": only an admin's API key can look a provider up by name; pass its id instead`);
    }
    throw err;
  }
  return byName(rows, idOrName, 'provider connection', '--provider');
}

function byName(rows: { id: string; name: string }[], name: string, what: string, flag: string): string {
  const found = rows.filter((r) => r.name === name);
  if (found.length === 1) return found[0].id;
  if (found.length > 1) throw new UsageError(`${flag}: ${found.length} of the ${what}s are named "${name}"; pass an id`);
  throw new UsageError(`${flag}: no ${what} is named "${name}" (names are matched exactly)`);
}
