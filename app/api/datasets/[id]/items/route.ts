import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { countItemsAt, getDataset } from '@/lib/datasets/items';
import { databaseNow } from '@/lib/db/now';
import { itemsPageNumbered } from '@/lib/datasets/queries';
import { datasetIdSchema } from '@/lib/datasets/api-schemas';
import { itemsPageSchema } from '@/lib/datasets/api-responses';
import { limitParam, pageParam, versionParam } from '@/lib/server/query-params';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/datasets/{id}/items', tag: 'Datasets', access: 'member',
  summary: 'List dataset items',
  description: 'One page of the items of a dataset version, in insertion order. A page past the end answers the last one.',
  params: z.object({ id: datasetIdSchema }),
  query: z.object({ version: versionParam.optional(), page: pageParam, pageSize: limitParam(50, 500) }),
  response: itemsPageSchema,
  errors: { 404: 'Dataset not found' },
}, async ({ params, query }, { db }) => {
  if (!await getDataset(db, params.id)) throw new NotFoundError('Dataset');
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
