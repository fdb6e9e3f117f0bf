// Identical calls answered from PostgreSQL instead of the provider. A call is identified by what
// the provider would see: its endpoint, the model, every parameter, the rendered messages and the
// response schema (the request body, canonicalised), so any change is a new call.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { ExperimentConfig } from '../experiments/config';

export type CacheMode = 'auto' | 'on' | 'off';

/**
 * auto (the default): only deterministic calls (temperature 0) of an experiment with one repetition.
 * on: any call, but a non-deterministic one only for its first repetition (the others are what the
 * user asked repetitions for). off: never.
 */
export function usesCallCache(config: Pick<ExperimentConfig, 'params' | 'repetitions'> & { cache?: CacheMode }, repetition: number): boolean {
  const mode = config.cache ?? 'auto';
  if (mode === 'off') return false;
  const deterministic = config.params.temperature === 0;
  if (mode === 'auto') return deterministic && config.repetitions === 1;
  return deterministic || repetition === 1;
}

/** JSON with object keys sorted, so the same body always hashes alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function callCacheKey(endpoint: string, body: Record<string, unknown>): string {
  return crypto.createHash('sha256').update(`${endpoint.replace(/\/+$/, '')}\n${canonical(body)}`).digest('hex');
}

export interface CachedAnswer {
  output: unknown;
  promptTokens: number | null;
  completionTokens: number | null;
}

/** The cached answers among `keys`, marked as used now (the size cap evicts the least recently used). */
export async function lookupCachedAnswers(db: DbOrTx, keys: string[]): Promise<Map<string, CachedAnswer>> {
  if (!keys.length) return new Map();
  const rows = await db.execute<{ key: string; output: unknown; prompt_tokens: number | null; completion_tokens: number | null }>(sql`
    update call_cache set last_used_at = now(), hits = hits + 1
    where key = any(${`{${[...new Set(keys)].join(',')}}`}::text[])
    returning key, output, prompt_tokens, completion_tokens`);
  return new Map(rows.map((r) => [r.key, { output: r.output, promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens }]));
}

export interface CallCacheStats { entries: number; bytes: number; hits: number }

export async function callCacheStats(db: DbOrTx): Promise<CallCacheStats> {
  const [row] = await db.execute<{ entries: number; bytes: number; hits: number }>(sql`
    select count(*)::int as entries, coalesce(sum(bytes), 0)::float8 as bytes, coalesce(sum(hits), 0)::float8 as hits from call_cache`);
  return { entries: Number(row?.entries ?? 0), bytes: Number(row?.bytes ?? 0), hits: Number(row?.hits ?? 0) };
}

export async function clearCallCache(db: DbOrTx): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`with gone as (delete from call_cache returning 1) select count(*)::int as n from gone`);
  return Number(rows[0]?.n ?? 0);
}

/** Evicts the least recently used answers until the cache holds at most `maxBytes`. Returns how many went. */
export async function pruneCallCache(db: DbOrTx, maxBytes: number): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`
    with ranked as (
      select key, sum(bytes) over (order by last_used_at desc, key) as newer_bytes from call_cache
    ), gone as (
      delete from call_cache c using ranked r where c.key = r.key and r.newer_bytes > ${maxBytes} returning 1
    )
    select count(*)::int as n from gone`);
  return Number(rows[0]?.n ?? 0);
}
