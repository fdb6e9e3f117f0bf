import { z } from 'zod';

/**
 * Query parameters arrive as text: these read the common ones with a message that names them.
 * (Client-safe: pure zod.)
 */

// Messages leave the name out: the error names the parameter ("page: must be ...").
const PAGE = 'must be a whole number from 1';
export const pageParam = z.coerce.number({ message: PAGE }).int(PAGE).min(1, PAGE).default(1);

export function limitParam(fallback: number, max: number) {
  const message = `must be a whole number from 1 to ${max}`;
  return z.coerce.number({ message }).int(message).min(1, message).max(max, message).default(fallback);
}

/** A dataset version: an ISO date-time (the dataset as it was then); absent means the latest. */
export const versionParam = z.coerce.date({ message: 'must be an ISO 8601 date-time' })
  .meta({ description: 'A point in time (ISO 8601): the items as they were then; absent means the latest' });

/** `true` or `false`, as a query parameter. */
export const flagParam = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');
