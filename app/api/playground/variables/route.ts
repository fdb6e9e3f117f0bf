import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { variableCoverage } from '@/lib/playground/variables';
import { parseVariableList } from '@/lib/playground/params';
import { datasetIdSchema } from '@/lib/datasets/api-schemas';
import { variableCoverageSchema } from '@/lib/playground/api-schemas';
import { versionParam } from '@/lib/server/query-params';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/playground/variables', tag: 'Playground', access: 'member',
  summary: 'Check variable coverage',
  description: 'How many items of a dataset version lack each template variable.',
  query: z.object({
    datasetId: datasetIdSchema,
    vars: z.string().max(5_000, 'too long (5,000 characters at most)').default('').meta({ description: 'Variable names, separated by commas' }),
    version: versionParam.optional(),
  }),
  response: variableCoverageSchema,
  errors: { 404: 'Dataset not found' },
}, async ({ query }, { db }) =>
  variableCoverage(db, { datasetId: query.datasetId, version: query.version ?? null, variables: parseVariableList(query.vars) }));
