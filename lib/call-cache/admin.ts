import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { runnerConfig } from '../config';
import { callCacheStats, clearCallCache } from '../runner/call-cache';

/** What Settings and GET /api/call-cache show of the call cache. */
export const callCacheStatusSchema = z.object({
  entries: z.number().int().meta({ description: 'Answers stored' }),
  bytes: z.number().meta({ description: 'Their size' }),
  hits: z.number().meta({ description: 'Calls answered from the cache, over the stored answers' }),
  maxBytes: z.number().meta({ description: 'The size cap (CALL_CACHE_MAX_MB): past it the worker evicts the least recently used answers' }),
}).meta({ id: 'CallCacheStatus' });
export type CallCacheStatus = z.infer<typeof callCacheStatusSchema>;

export const clearedCallCacheSchema = z.object({ cleared: z.number().int().meta({ description: 'Answers removed' }) });

export async function callCacheStatus(db: DbOrTx): Promise<CallCacheStatus> {
  return { ...await callCacheStats(db), maxBytes: runnerConfig().callCacheMaxBytes };
}

/** Empties the cache: the next identical calls go to the provider again (and are paid for). */
export async function clearCallCacheNow(db: DbOrTx): Promise<{ cleared: number }> {
  return { cleared: await clearCallCache(db) };
}
