import { z } from 'zod';
import { streamBody } from '@/lib/server/define-route';
import { datasetRoutes } from '@/lib/server/resource-routes';
import { importItems } from '@/lib/datasets/import';
import { getDataset } from '@/lib/datasets/items';
import { columnMappingSchema } from '@/lib/datasets/column-mapping';
import { tooManyBytes } from '@/lib/datasets/upload-limits';
import { importReportSchema } from '@/lib/datasets/api-responses';
import { appUrl, uploadLimits } from '@/lib/config';
import { allowedHosts, appOrigins, crossSiteRefused, hostAllowed } from '@/lib/security/request-policy';
import { UserError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/**
 * proxy.ts leaves this route out (it would buffer the body and cut it at 10 MB), so its Host and
 * cross-site checks are made here, with the same rules and answers.
 */
function foreignRequest(req: Request): Response | null {
  const url = appUrl();
  // Browsers always send Host (DNS rebinding comes through a browser); a handler called directly has none.
  const host = req.headers.get('host');
  if (host !== null && !hostAllowed(host, allowedHosts(url))) {
    return new Response(`Unknown host. This app answers at ${url} (set APP_URL to the address people use).`, { status: 421 });
  }
  if (crossSiteRefused(req.method, { origin: req.headers.get('origin'), secFetchSite: req.headers.get('sec-fetch-site') }, appOrigins(url))) {
    return Response.json({ error: 'Cross-site requests are not allowed' }, { status: 403 });
  }
  return null;
}

const MAPPING_EXAMPLE = '{"input":["question"],"expected":["answer"],"metadata":[]}';

const mappingParam = z.string({ message: `required: the column mapping as JSON, such as ${MAPPING_EXAMPLE}` })
  .max(20_000, 'too long (20,000 characters at most)')
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(columnMappingSchema)
  .meta({ description: `Which columns (CSV) or keys (JSONL, JSON) become the input, the expected output and metadata, as JSON: ${MAPPING_EXAMPLE}` });

export const POST = datasetRoutes.item({
  method: 'POST', path: '/upload', summary: 'Upload dataset items',
  description: 'The raw file is the body, streamed (never held in memory). Good rows land and bad lines are reported with their number; '
    + 'when the upload as a whole fails (a limit passed: UPLOAD_MAX_BYTES, UPLOAD_MAX_ROWS; a file that cannot be read), nothing lands.',
  query: z.object({ format: z.enum(['csv', 'jsonl', 'json'], { message: 'must be csv, jsonl or json' }), mapping: mappingParam }),
  body: streamBody(['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/json', 'application/octet-stream'], 'The file, as it is on disk'),
  response: importReportSchema,
  errors: { 413: 'Larger than UPLOAD_MAX_BYTES or UPLOAD_MAX_ROWS (nothing was imported)', 500: 'The import failed on the server (nothing was imported)' },
}, async ({ params, query, body, req }, { db }) => {
  const foreign = foreignRequest(req);
  if (foreign) return foreign;
  const limits = uploadLimits();
  // Refused before reading a byte when the client announces the size; counted as read otherwise.
  if (Number(req.headers.get('content-length') ?? 0) > limits.maxBytes) throw tooManyBytes(limits);
  datasetRoutes.found(await getDataset(db, params.id));
  try {
    return await importItems(db, { datasetId: params.id, source: body as unknown as AsyncIterable<Uint8Array>, format: query.format, mapping: query.mapping, limits });
  } catch (err) {
    if (err instanceof UserError) throw err;
    console.error('[upload] import failed', err);
    throw new UserError('The import failed on the server (the error has been logged); nothing was imported, try again.', {}, 500);
  }
});
