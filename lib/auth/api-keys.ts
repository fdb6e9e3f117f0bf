import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../db/client';
import { apikey } from '../db/schema';
import { NotFoundError, zodToUserError } from '../errors';
import { getAuth } from './auth';

export const newApiKeySchema = z.object({ name: z.string().trim().min(1, 'Name the key (e.g. "CI")').max(100) });

export interface ApiKeySummary { id: string; name: string | null; start: string | null; createdAt: string; lastUsedAt: string | null }

/** Creates a key for a user. Its value is returned this once; only its hash is stored. */
export async function createApiKey(userId: string, raw: { name: string }): Promise<{ id: string; key: string; name: string }> {
  const parsed = newApiKeySchema.safeParse(raw);
  if (!parsed.success) throw zodToUserError(parsed.error);
  const created = await getAuth().api.createApiKey({ body: { name: parsed.data.name, userId } });
  return { id: created.id, key: created.key, name: parsed.data.name };
}

export async function listApiKeys(userId: string): Promise<ApiKeySummary[]> {
  const rows = await getDb().select({ id: apikey.id, name: apikey.name, start: apikey.start, createdAt: apikey.createdAt, lastRequest: apikey.lastRequest })
    .from(apikey).where(eq(apikey.referenceId, userId)).orderBy(desc(apikey.createdAt), desc(apikey.id));
  return rows.map((r) => ({ id: r.id, name: r.name, start: r.start, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastRequest?.toISOString() ?? null }));
}

/** Revoking deletes the key: the next request that carries it is refused. */
export async function revokeApiKey(userId: string, id: string) {
  const rows = await getDb().delete(apikey).where(and(eq(apikey.id, id), eq(apikey.referenceId, userId))).returning({ id: apikey.id });
  if (!rows.length) throw new NotFoundError('API key');
}
