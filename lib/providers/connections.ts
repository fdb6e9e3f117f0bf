import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { providerConnections } from '../db/schema';
import { randomUUID } from 'node:crypto';
import { encryptSecret } from '../crypto/secret-box';
import { readProviderApiKey } from '../crypto/stored-secrets';
import { isUuid } from '../uuid';
import { UserError } from '../errors';
import { providerUrlProblem } from './url-policy';
import { baseUrlRefusal } from './outbound-policy';
import type { Resolver } from './guarded-fetch';

export const providerInputSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100),
  baseUrl: z.url({ message: 'Base URL must be a URL such as https://api.openai.com/v1' }).superRefine((url, ctx) => {
    const problem = providerUrlProblem(url);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  apiKey: z.string().trim().max(500).optional(),
  requestsPerMinute: z.number().int().min(1, 'Requests per minute must be at least 1').max(1_000_000, 'Requests per minute must be at most 1,000,000').nullable().optional(),
  // Prompt + completion tokens; the runner reserves an estimate before each call (see AdaptiveTokenBucket).
  tokensPerMinute: z.number().int().min(1, 'Tokens per minute must be at least 1').max(1_000_000_000, 'Tokens per minute must be at most 1,000,000,000').nullable().optional(),
});
export type ProviderInput = z.infer<typeof providerInputSchema>;

/** What the browser may see: never the key, only whether one is stored. */
export interface ProviderSummary {
  id: string; name: string; baseUrl: string; hasApiKey: boolean; requestsPerMinute: number | null; tokensPerMinute: number | null;
  isSimulator: boolean; createdAt: Date;
}

type Row = typeof providerConnections.$inferSelect;
const summarise = (r: Row): ProviderSummary => ({
  id: r.id, name: r.name, baseUrl: r.baseUrl, hasApiKey: !!r.apiKeyEncrypted,
  requestsPerMinute: r.requestsPerMinute, tokensPerMinute: r.tokensPerMinute, isSimulator: r.isSimulator, createdAt: r.createdAt,
});

export async function listProviders(db: DbOrTx): Promise<ProviderSummary[]> {
  const rows = await db.select().from(providerConnections).orderBy(asc(providerConnections.createdAt), asc(providerConnections.id));
  return rows.map(summarise);
}

/** The URL without trailing slashes; by index, because /\/+$/ is quadratic on a long run of them. */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

/** `resolve` is for tests: the host's addresses are checked here, and again at every connection. */
export async function createProvider(db: DbOrTx, input: ProviderInput, opts: { resolve?: Resolver } = {}): Promise<ProviderSummary> {
  const refusal = await baseUrlRefusal(input.baseUrl, opts.resolve);
  if (refusal) throw new UserError(refusal, { baseUrl: refusal });
  const existing = await db.select({ id: providerConnections.id }).from(providerConnections).where(eq(providerConnections.name, input.name));
  if (existing.length) throw new UserError(`A provider named "${input.name}" already exists`, { name: 'Name is taken' });
  // The key is sealed with its row id as associated data, so the id is chosen here.
  const id = randomUUID();
  const [row] = await db.insert(providerConnections).values({
    id,
    name: input.name,
    baseUrl: withoutTrailingSlashes(input.baseUrl),
    apiKeyEncrypted: input.apiKey ? encryptSecret(input.apiKey, id) : null,
    requestsPerMinute: input.requestsPerMinute ?? null,
    tokensPerMinute: input.tokensPerMinute ?? null,
  }).returning();
  return summarise(row);
}

export async function deleteProvider(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db.delete(providerConnections).where(eq(providerConnections.id, id)).returning({ id: providerConnections.id });
  return rows.length > 0;
}

/** Server-side only: the connection with its decrypted key, for making calls. */
export interface ProviderCredentials {
  id: string; name: string; baseUrl: string; apiKey: string; requestsPerMinute: number | null; tokensPerMinute: number | null; isSimulator: boolean;
}

export async function getProviderCredentials(db: DbOrTx, id: string): Promise<ProviderCredentials | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(providerConnections).where(eq(providerConnections.id, id));
  if (!row) return null;
  return {
    id: row.id, name: row.name, baseUrl: row.baseUrl, requestsPerMinute: row.requestsPerMinute, tokensPerMinute: row.tokensPerMinute,
    isSimulator: row.isSimulator,
    // Local servers (simulator, Ollama, vLLM) often need no key; the SDK still wants a string.
    apiKey: row.apiKeyEncrypted ? await readProviderApiKey(db, row.id, row.apiKeyEncrypted) : 'no-key',
  };
}
