import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { experimentRoutes, datasetRoutes } from './resource-routes';
import { experimentRefSchema } from '../experiments/api-schemas';
import { datasetRefSchema } from '../datasets/api-schemas';
import { UserError } from '../errors';

// What the factory fills in, read from the spec it hands to defineRoute (the OpenAPI source), and
// the handler's input, typed as defineRoute types it (checked by tsc).

const query = z.object({ now: z.enum(['true', 'false']).optional(), n: z.coerce.number().default(1) });
const body = z.object({ name: z.string() });
const response = z.object({ ok: z.literal(true) });

describe('resourceRoutes', () => {
  it('puts an item route under {base}/{id} with the tag, access, id schema and documented 404', () => {
    const route = experimentRoutes.item({ method: 'POST', path: '/stop', summary: 'Stop', errors: { 409: 'Busy' } }, async () => ({}));
    expect(route.definition).toEqual({
      method: 'POST', path: '/api/experiments/{id}/stop', summary: 'Stop', tag: 'Experiments', access: 'member',
      params: experimentRefSchema, errors: { 404: 'Experiment not found', 409: 'Busy' },
    });
    expect(datasetRoutes.item({ method: 'GET', path: '', summary: 'Get' }, async () => ({})).definition)
      .toMatchObject({ path: '/api/datasets/{id}', tag: 'Datasets', params: datasetRefSchema, errors: { 404: 'Dataset not found' } });
  });

  it('documents no 404 for a route that answers an unknown id, and none of its own flag', () => {
    const spec = experimentRoutes.item({ method: 'POST', path: '/heartbeat', summary: 'Beat', noNotFound: true }, async () => ({})).definition;
    expect(spec).not.toHaveProperty('errors');
    expect(spec).not.toHaveProperty('noNotFound');
  });

  it('puts a collection route at {base}, without an id', () => {
    expect(datasetRoutes.collection({ method: 'POST', status: 201, summary: 'Create' }, async () => ({})).definition)
      .toEqual({ method: 'POST', status: 201, summary: 'Create', path: '/api/datasets', tag: 'Datasets', access: 'member' });
  });

  it('answers the 404 it documents for a missing record, and the record otherwise', () => {
    expect(() => experimentRoutes.found(null)).toThrow(new UserError('Experiment not found', {}, 404));
    expect(() => datasetRoutes.found(undefined)).toThrow('Dataset not found');
    expect(datasetRoutes.found(0)).toBe(0);
  });

  it('types the handler input exactly as defineRoute does', () => {
    experimentRoutes.item({ method: 'POST', path: '/x', summary: 'X', query, body, response }, async (input, ctx) => {
      expectTypeOf(input.params).toEqualTypeOf<{ id: string }>();
      expectTypeOf(input.query).toEqualTypeOf<z.output<typeof query>>();
      expectTypeOf(input.body).toEqualTypeOf<{ name: string }>();
      expectTypeOf(ctx.principal.userId).toEqualTypeOf<string>();
      return { ok: true as const };
    });
    datasetRoutes.collection({ method: 'GET', summary: 'Y' }, async (input) => {
      expectTypeOf(input.params).toEqualTypeOf<Record<string, never>>();
      expectTypeOf(input.body).toEqualTypeOf<undefined>();
      return [];
    });
    // @ts-expect-error a reply must match the declared response
    experimentRoutes.item({ method: 'GET', path: '', summary: 'Z', response }, async () => ({ ok: false }));
    // @ts-expect-error the path must continue the item's path
    experimentRoutes.item({ method: 'GET', path: 'stop', summary: 'Z' }, async () => ({}));
  });
});
