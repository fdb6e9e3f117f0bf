import type { z } from 'zod';
import type { AccessLevel } from '../auth/principal';
import { experimentRefSchema } from '../experiments/api-schemas';
import { datasetRefSchema } from '../datasets/api-schemas';
import { NotFoundError } from '../errors';
import { defineRoute, type RouteHandler, type RouteHandlerOf, type RouteSpec } from './define-route';

/** What every route of one resource shares: where it lives, its tag, who may call it, how its id is read. */
interface Resource<A extends AccessLevel, P extends z.ZodObject> {
  /** The collection's path, e.g. `/api/experiments`; one item is at `{base}/{id}`. */
  base: `/api/${string}`;
  tag: string;
  access: A;
  /** The path parameters of `{base}/{id}`. */
  params: P;
  /** "Experiment": an item route documents 404 "Experiment not found". */
  noun: string;
}

type Filled = 'path' | 'tag' | 'access' | 'params';
type CollectionSpec = Omit<RouteSpec, Filled>;
type ItemSpec = Omit<RouteSpec, Filled> & {
  /** After `{base}/{id}`: '' for the item itself, '/stop' for one of its actions. */
  path: '' | `/${string}`;
  /** The route answers for an id that does not exist (so it documents no 404). */
  noNotFound?: true;
};

// The full spec as defineRoute sees it, so the handler's input is inferred exactly as there.
type Common<A extends AccessLevel> = Pick<RouteSpec, 'method' | 'summary'> & { path: `/api/${string}`; tag: string; access: A };
type CollectionRoute<S extends CollectionSpec, A extends AccessLevel> = S & Common<A>;
type ItemRoute<S extends ItemSpec, A extends AccessLevel, P extends z.ZodObject> = Omit<S, 'path' | 'noNotFound'> & Common<A> & { params: P };

/**
 * defineRoute for the routes of one resource: fills the path prefix, tag, access and id schema,
 * and documents the 404 of an unknown id, so a route file says only what is its own.
 */
export function resourceRoutes<A extends AccessLevel, P extends z.ZodObject>(resource: Resource<A, P>) {
  const { base, tag, access, params, noun } = resource;
  return {
    /** A route on the collection itself (`{base}`): listing, creating. */
    collection<const S extends CollectionSpec>(spec: S, handler: RouteHandlerOf<CollectionRoute<S, A>>): RouteHandler {
      const full: CollectionRoute<S, A> = { ...spec, path: base, tag, access };
      return defineRoute(full, handler);
    },
    /** A route on one item (`{base}/{id}` and below). */
    item<const S extends ItemSpec>(spec: S, handler: RouteHandlerOf<ItemRoute<S, A, P>>): RouteHandler {
      const { path, noNotFound, ...rest } = spec;
      const errors = noNotFound ? rest.errors : { 404: `${noun} not found`, ...rest.errors };
      const full = { ...rest, ...(errors ? { errors } : {}), path: `${base}/{id}${path}`, tag, access, params } as ItemRoute<S, A, P>;
      return defineRoute(full, handler);
    },
    /** The value, or the 404 an item route documents when it is missing. */
    found<T>(value: T | null | undefined): T {
      if (value === null || value === undefined) throw new NotFoundError(noun);
      return value;
    },
  };
}

export const experimentRoutes = resourceRoutes({
  base: '/api/experiments', tag: 'Experiments', access: 'member', params: experimentRefSchema, noun: 'Experiment',
});

export const datasetRoutes = resourceRoutes({
  base: '/api/datasets', tag: 'Datasets', access: 'member', params: datasetRefSchema, noun: 'Dataset',
});
