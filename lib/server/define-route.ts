import type { z } from 'zod';
import { UserError, zodToUserError } from '../errors';
import { formatBytes } from '../limits';
import { authenticateRequest } from '../auth/authenticate';
import { canAccess, type AccessLevel, type Principal } from '../auth/principal';
import { requestContext, type RequestContext } from './context';
import { errorResponse } from './route';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A body read as a stream, not as JSON (an upload): the content types it takes. */
export interface StreamBody { kind: 'stream'; contentTypes: readonly string[]; description: string }
export const streamBody = (contentTypes: readonly string[], description: string): StreamBody =>
  ({ kind: 'stream', contentTypes, description });

/** Error statuses a route may document beyond the ones every route has (400, 401, 403, 415). */
export type ErrorStatus = 404 | 409 | 413 | 429 | 500 | 502;

/** Everything the OpenAPI document says about one operation, and what the wrapper enforces. */
export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI style: `/api/experiments/{id}`. */
  path: `/api/${string}`;
  summary: string;
  description?: string;
  tag: string;
  access: AccessLevel;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType | StreamBody;
  response?: z.ZodType;
  /** The success answer is a file, not JSON (an export): its content types. */
  file?: { contentTypes: readonly string[]; description: string };
  /** The success status (200 unless it creates something). */
  status?: 200 | 201;
  errors?: Partial<Record<ErrorStatus, string>>;
}

/** A JSON body larger than this is refused before it is parsed (the same 1 MB a server action takes). */
export const JSON_BODY_MAX_BYTES = 1024 * 1024;

type Parsed<S, K extends 'params' | 'query'> = S extends Record<K, infer T extends z.ZodType> ? z.output<T> : Record<string, never>;
type BodyOf<S> = S extends { body: infer B }
  ? B extends StreamBody ? ReadableStream<Uint8Array> : B extends z.ZodType ? z.output<B> : undefined
  : undefined;
type Reply<S> = S extends { response: infer R extends z.ZodType } ? z.input<R> : unknown;

export interface RouteInput<S extends RouteSpec> {
  params: Parsed<S, 'params'>;
  query: Parsed<S, 'query'>;
  body: BodyOf<S>;
  req: Request;
}
export type RouteContext<S extends RouteSpec> = RequestContext & {
  principal: S['access'] extends 'public' ? Principal | null : Principal;
};
/** The handler of a route: its input and context typed from the spec. */
export type RouteHandlerOf<S extends RouteSpec> = (input: RouteInput<S>, ctx: RouteContext<S>) => Promise<Reply<S> | Response>;

/** What Next.js passes as the second argument: the dynamic segments of the path. */
type NextRouteArgs = { params?: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = ((req: Request, args: NextRouteArgs) => Promise<Response>) & { definition: RouteSpec };

/**
 * The one wrapper every JSON route goes through, symmetrical to defineAction: it checks who is
 * calling (401 anonymous, 403 a member on an admin route), parses the path, query and body with the
 * declared zod schemas (400 with field messages; 415 for a body that is not JSON where JSON is
 * declared), runs the handler, and maps a UserError to its status. The spec travels with the
 * handler (`.definition`), and the OpenAPI document is built from it.
 */
export function defineRoute<const S extends RouteSpec>(
  spec: S,
  handler: RouteHandlerOf<S>,
): RouteHandler {
  const run = async (req: Request, args: NextRouteArgs): Promise<Response> => {
    try {
      let principal: Principal | null = null;
      if (spec.access !== 'public') {
        principal = await authenticateRequest(req);
        if (!principal) throw new UserError('Sign in, or send an API key as "Authorization: Bearer <key>"', {}, 401);
        if (!canAccess(principal, spec.access)) throw new UserError('Only an admin can do this', {}, 403);
      }
      checkContentType(spec, req);
      const params = spec.params ? parseWith(spec.params, (await args?.params) ?? {}) : {};
      const query = spec.query ? parseWith(spec.query, queryObject(new URL(req.url).searchParams, spec.query)) : {};
      const body = await readBody(spec, req);
      const input = { params, query, body, req } as RouteInput<S>;
      // The principal is resolved once, above: the context must not read the headers again.
      const ctx = (await requestContext(principal)) as RouteContext<S>;
      const result = await handler(input, ctx);
      return result instanceof Response ? result : Response.json(result, { status: spec.status ?? 200 });
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(run, { definition: spec });
}

function parseWith<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodToUserError(parsed.error);
  return parsed.data;
}

/**
 * A repeated query parameter counts once (its first value), as the pages read their URLs, unless
 * the schema declares it a list (`?experiment=a&experiment=b`): then every value, in order.
 */
function queryObject(search: URLSearchParams, schema: z.ZodObject): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) out[key] = isListParam(schema, key) ? search.getAll(key) : search.get(key)!;
  return out;
}

function isListParam(schema: z.ZodObject, key: string): boolean {
  let field: z.ZodType | undefined = schema.shape[key];
  while (field && (field._zod.def.type === 'optional' || field._zod.def.type === 'default')) {
    field = (field._zod.def as unknown as { innerType: z.ZodType }).innerType;
  }
  return field?._zod.def.type === 'array';
}

const mediaType = (req: Request) => (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();

function checkContentType(spec: RouteSpec, req: Request) {
  if (!spec.body) return;
  const allowed = isStream(spec.body) ? spec.body.contentTypes : ['application/json'];
  if (!allowed.includes(mediaType(req))) {
    const list = allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`;
    throw new UserError(`Content-Type must be ${list}`, {}, 415);
  }
}

const isStream = (body: z.ZodType | StreamBody): body is StreamBody => !('_zod' in body);

async function readBody(spec: RouteSpec, req: Request): Promise<unknown> {
  if (!spec.body) return undefined;
  if (isStream(spec.body)) {
    if (!req.body) throw new UserError('The request body is empty');
    return req.body;
  }
  return parseWith(spec.body, await readJson(req));
}

const tooLarge = () => new UserError(`The request body is larger than ${formatBytes(JSON_BODY_MAX_BYTES)} (the limit for a JSON request)`, {}, 413);

/** Reads at most JSON_BODY_MAX_BYTES, whatever Content-Length claims, then parses. */
async function readJson(req: Request): Promise<unknown> {
  if (Number(req.headers.get('content-length') ?? 0) > JSON_BODY_MAX_BYTES) throw tooLarge();
  if (!req.body) throw new UserError('The request body must be JSON, and it is empty');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > JSON_BODY_MAX_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new UserError('The request body must be valid JSON');
  }
}
