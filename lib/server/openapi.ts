import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import type { ErrorStatus, RouteSpec } from './define-route';

/** The error body every route answers with, for every status it documents. */
export const errorBodySchema = z.object({
  error: z.string().meta({ description: 'What went wrong, for people' }),
  fieldErrors: z.record(z.string(), z.string()).optional().meta({ description: 'Per input field (dot path), the first problem found' }),
}).meta({ id: 'Error' });

const COMMON_ERRORS: Record<number, string> = {
  400: 'The path, query or body does not match the schema (the message names the field)',
  401: 'No session and no valid API key',
  403: 'A member calling an admin route',
  415: 'The body is not of a declared content type',
};
const DEFAULT_ERRORS: Record<ErrorStatus, string> = {
  404: 'Not found', 409: 'Conflicts with the current state', 413: 'Larger than a limit (the message names it)',
  429: 'Too soon: try again in a few seconds', 500: 'Server fault (logged)', 502: 'The provider failed',
};

/** camelCase of the summary ("List experiments" → listExperiments): readable and stable for clients. */
export function operationId(spec: RouteSpec): string {
  const words = spec.summary.replace(/[^A-Za-z0-9 ]/g, ' ').trim().split(/\s+/);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
}

const errorContent = { 'application/json': { schema: errorBodySchema } };

function responses(spec: RouteSpec): ZodOpenApiResponsesObject {
  const ok = spec.status ?? 200;
  const out: Record<string, ZodOpenApiResponsesObject[keyof ZodOpenApiResponsesObject]> = {
    [ok]: {
      description: spec.file?.description ?? (ok === 201 ? 'Created' : 'OK'),
      ...(spec.response ? { content: { 'application/json': { schema: spec.response } } } : {}),
      ...(spec.file ? { content: Object.fromEntries(spec.file.contentTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) } : {}),
    },
  };
  const statuses: Record<number, string> = {};
  if (spec.params || spec.query || spec.body) statuses[400] = COMMON_ERRORS[400];
  if (spec.access !== 'public') statuses[401] = COMMON_ERRORS[401];
  if (spec.access === 'admin') statuses[403] = COMMON_ERRORS[403];
  if (spec.body) statuses[415] = COMMON_ERRORS[415];
  for (const [status, text] of Object.entries(spec.errors ?? {})) statuses[Number(status)] = text || DEFAULT_ERRORS[Number(status) as ErrorStatus];
  for (const [status, description] of Object.entries(statuses)) out[status] = { description, content: errorContent };
  return out as ZodOpenApiResponsesObject;
}

function operation(spec: RouteSpec): ZodOpenApiOperationObject {
  const body = spec.body;
  return {
    operationId: operationId(spec),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    security: spec.access === 'public' ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    'x-access': spec.access,
    requestParams: { ...(spec.params ? { path: spec.params } : {}), ...(spec.query ? { query: spec.query } : {}) },
    ...(body && '_zod' in body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    ...(body && !('_zod' in body) ? {
      requestBody: {
        required: true,
        description: body.description,
        content: Object.fromEntries(body.contentTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
      },
    } : {}),
    responses: responses(spec),
  };
}

/**
 * The OpenAPI 3.1 document of the given routes. Dates are written as ISO strings on the wire, so
 * a zod date is documented as a date-time string in both directions.
 */
export function buildOpenApiDocument(routes: readonly RouteSpec[], opts: {
  version: string;
  /** Schemas used by several operations, written once under components (by name). */
  schemas?: Record<string, z.ZodType>;
}) {
  const paths: ZodOpenApiPathsObject = {};
  for (const spec of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    paths[spec.path] = { ...paths[spec.path], [spec.method.toLowerCase()]: operation(spec) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Experiment runner API',
      version: opts.version,
      description: 'Everything the web UI does, as JSON over HTTP. Authenticate with an API key from Settings: `Authorization: Bearer <key>`.',
    },
    tags: [...new Set(routes.map((r) => r.tag))].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: opts.schemas ?? {},
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key created in Settings → API keys' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'er.session_token', description: 'The browser session (same origin only)' },
      },
    },
  }, {
    override: ({ jsonSchema, zodSchema }) => {
      if (zodSchema._zod.def.type === 'date') {
        jsonSchema.type = 'string';
        jsonSchema.format = 'date-time';
      }
      // z.int() bounds itself to safe integers: noise in a reference, and true of any JSON number here.
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  });
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
