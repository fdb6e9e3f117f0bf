import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { listDatasetExperiments } from '@/lib/experiments/queries';
import { datasetIdSchema } from '@/lib/datasets/api-schemas';
import { experimentSummarySchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/datasets/{id}/experiments', tag: 'Datasets', access: 'member',
  summary: 'List dataset experiments',
  description: "The dataset's recorded experiments, newest first, as summaries (counters only): cheap enough to poll.",
  params: z.object({ id: datasetIdSchema }),
  response: z.array(experimentSummarySchema),
}, async ({ params }, { db }) => listDatasetExperiments(db, params.id));
