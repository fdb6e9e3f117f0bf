import { z } from 'zod';
import { defineRoute, type RouteHandler } from '@/lib/server/define-route';
import { apiDocument } from '../registry';

export const dynamic = 'force-dynamic';

/** Members only: the document is no secret, but it maps the whole surface, admin routes included. */
export const GET: RouteHandler = defineRoute({
  method: 'GET', path: '/api/openapi.json', tag: 'API', access: 'member',
  summary: 'Get OpenAPI document',
  description: 'This document (OpenAPI 3.1), generated from the zod schemas the routes validate with. A readable reference is at /api-docs.',
  // Its interfaces have no index signature, so a plain object schema that lets other keys through.
  response: z.object({ openapi: z.string(), info: z.unknown(), paths: z.unknown().optional() })
    .meta({ description: 'An OpenAPI 3.1 document', override: { additionalProperties: {} } }),
}, async () => apiDocument([GET.definition]));
