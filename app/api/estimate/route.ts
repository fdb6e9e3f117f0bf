import { defineRoute } from '@/lib/server/define-route';
import { estimateExperiment } from '@/lib/costs/estimate-experiment';
import { estimateRequestSchema, estimateSchema, MEASURE_ITEMS } from '@/lib/costs/estimate-schema';

export const dynamic = 'force-dynamic';

export const POST = defineRoute({
  method: 'POST', path: '/api/estimate', tag: 'Experiments', access: 'member',
  summary: 'Estimate the cost of an experiment',
  description: 'Before running: the calls an experiment would make (eligible items x repetitions x (1 + LLM judges)), '
    + 'its input tokens (the rendered prompts of a sample of up to 200 items spread over the dataset, tokenized, extrapolated), '
    + 'its output tokens (up to max tokens, or measured), and the cost as a range at the prices of the connections. '
    + `\`measure: true\` sends ${MEASURE_ITEMS} real task calls to measure the output; those calls are paid and not recorded.`,
  body: estimateRequestSchema,
  response: estimateSchema,
  errors: { 404: 'Dataset not found' },
}, async ({ body }, { db, principal }) => estimateExperiment(db, body, { showDetails: principal.role === 'admin' }));
