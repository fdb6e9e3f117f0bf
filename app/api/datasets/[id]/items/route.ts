import { z } from 'zod';
import { datasetRoutes } from '@/lib/server/resource-routes';
import { countItemsAt, getDataset } from '@/lib/datasets/items';
import { databaseNow } from '@/lib/db/now';
import { itemsPageNumbered } from '@/lib/datasets/queries';
import { itemsPageSchema } from '@/lib/datasets/api-responses';
import { limitParam, pageParam, versionParam } from '@/lib/server/query-params';

export const dynamic = 'force-dynamic';

export const GET = datasetRoutes.item({
  method: 'GET', path: '/items', summary: 'List dataset items',
  description: 'One page of the items of a dataset version, in insertion order. A page past the end answers the last one.',
  query: z.object({ version: versionParam.optional(), page: pageParam, pageSize: limitParam(50, 500) }),
  response: itemsPageSchema,
}, async ({ params, query }, { db }) => {
  datasetRoutes.found(await getDataset(db, params.id));
  const version = query.version ?? await databaseNow(db);
  const total = await countItemsAt(db, params.id, version);
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const page = Math.min(query.page, pages);
  const rows = await itemsPageNumbered(db, { datasetId: params.id, version, page, pageSize: query.pageSize });
  const items = rows.map((r) => ({
    id: r.id, seq: r.seq, input: r.input, expectedOutput: r.expectedOutput, metadata: r.metadata,
    replacesId: r.replacesId, createdAt: r.createdAt, archivedAt: r.archivedAt,
  }));
  return { items, version, total, page, pageSize: query.pageSize, pages };
});
