import { jsonRoute } from '@/lib/server/route';
import { previewItems } from '@/lib/playground/preview';
import { parseLimit, parseUuidParam, parseVersionParam } from '@/lib/playground/params';

export const dynamic = 'force-dynamic';

/** `?datasetId=[&version=<iso>][&limit=5]` → `{ items: [{ id, input, expected }] }`: the first items, for the prompt preview. */
export const GET = jsonRoute(async (req, ctx) => {
  const q = new URL(req.url).searchParams;
  return previewItems(ctx.db, {
    datasetId: parseUuidParam(q.get('datasetId'), 'datasetId'),
    version: parseVersionParam(q.get('version')),
    limit: parseLimit(q.get('limit'), 5, 20),
  });
});
