import { jsonRoute } from '@/lib/server/route';
import { variableCoverage } from '@/lib/playground/variables';
import { parseUuidParam, parseVariableList, parseVersionParam } from '@/lib/playground/params';

export const dynamic = 'force-dynamic';

/** `?datasetId=&vars=a,b[&version=<iso>]` → `{ total, lacking: { a: 0, b: 12 } }` (items lacking each variable). */
export const GET = jsonRoute(async (req, ctx) => {
  const q = new URL(req.url).searchParams;
  return variableCoverage(ctx.db, {
    datasetId: parseUuidParam(q.get('datasetId'), 'datasetId'),
    version: parseVersionParam(q.get('version')),
    variables: parseVariableList(q.get('vars')),
  });
});
