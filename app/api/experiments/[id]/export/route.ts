import { z } from 'zod';
import { experimentRoutes } from '@/lib/server/resource-routes';
import { EXPORTS_AT_ONCE, exportResponse, exportSource } from '@/lib/experiments/export';
import { EXPORT_FORMATS } from '@/lib/experiments/export-params';
import { LIMITS } from '@/lib/limits';

export const dynamic = 'force-dynamic';

const VARIANT_MESSAGE = `must be a variant number, 0 to ${LIMITS.variants - 1}`;

const query = z.object({
  format: z.enum(EXPORT_FORMATS, { message: 'must be csv or jsonl' }).default('csv'),
  status: z.enum(['all', 'succeeded', 'failed'], { message: 'must be all, succeeded or failed' }).default('all'),
  variant: z.coerce.number({ message: VARIANT_MESSAGE }).int(VARIANT_MESSAGE).min(0, VARIANT_MESSAGE).max(LIMITS.variants - 1, VARIANT_MESSAGE).optional()
    .meta({ description: 'Only the runs of this variant (0 is the first)' }),
});

export const GET = experimentRoutes.item({
  method: 'GET', path: '/export', summary: 'Export experiment results',
  description: 'Every run as a file, streamed in dataset order (item, repetition, variant), for any number of runs: item id and position, input, '
    + 'expected output, variant, repetition, status, output, error, a score and a label per evaluator, tokens, cost, latency, cached, attempts. '
    + 'CSV has a header row, writes JSON values as compact JSON text and a text output as itself; a text cell that starts with = + - @, a tab '
    + 'or a carriage return gets a leading \' so a spreadsheet does not run it as a formula. JSONL is one JSON object a line, values as stored.',
  query,
  errors: { 429: `Already sending ${EXPORTS_AT_ONCE} exports (the most at once per web process)` },
  file: { contentTypes: ['text/csv', 'application/x-ndjson'], description: 'The file, as an attachment (CSV or JSON Lines, by `format`)' },
}, async ({ params, query: q, req }, { db }) => {
  const source = experimentRoutes.found(await exportSource(db, params.id));
  return exportResponse(db, source, { format: q.format, filter: { status: q.status, variant: q.variant ?? null }, signal: req.signal });
});
