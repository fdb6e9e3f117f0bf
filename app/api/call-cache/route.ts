import { defineRoute } from '@/lib/server/define-route';
import { callCacheStatus, callCacheStatusSchema, clearCallCacheNow, clearedCallCacheSchema } from '@/lib/call-cache/admin';

export const dynamic = 'force-dynamic';

const cacheRoute = { path: '/api/call-cache', tag: 'Call cache', access: 'admin' } as const;

export const GET = defineRoute({
  method: 'GET', ...cacheRoute, summary: 'Call cache size',
  description: 'Answers stored for identical calls (same endpoint, model, parameters, messages and schema), their size, hits and the size cap.',
  response: callCacheStatusSchema,
}, async (_input, { db }) => callCacheStatus(db));

export const DELETE = defineRoute({
  method: 'DELETE', ...cacheRoute, summary: 'Clear the call cache',
  description: 'Removes every stored answer: the next identical calls go to the provider (and are paid for) again. Recorded runs keep their results.',
  response: clearedCallCacheSchema,
}, async (_input, { db }) => clearCallCacheNow(db));
