import { z } from 'zod';
import { decodeChangeCursor, NIL_UUID, type ChangeCursor } from '../db/change-cursor';
import { limitParam, pageParam } from '../server/query-params';
import { SEARCH_MAX_CHARS } from './search';

/** The query both experiment lists take (`/api/experiments`, `/api/datasets/{id}/experiments`). */

const START: ChangeCursor = { at: '1970-01-01T00:00:00Z', id: NIL_UUID };

export const searchParam = z.string()
  .max(SEARCH_MAX_CHARS, `must be at most ${SEARCH_MAX_CHARS} characters`)
  .transform((s) => s.trim())
  .optional()
  .meta({ description: 'Only experiments whose name contains this text (case-insensitive; % and _ match themselves)' });

export const updatedSinceParam = z.string().max(200, 'must be a cursor returned by this list, or 0').optional()
  .transform((raw, ctx) => {
    if (raw === undefined || raw === '') return null;
    if (raw === '0') return START;
    const cursor = decodeChangeCursor(raw);
    if (!cursor) ctx.addIssue({ code: 'custom', message: 'must be a cursor returned by this list, or 0' });
    return cursor;
  })
  .meta({
    description: 'The `cursor` of the previous answer, or `0` to start. With it the answer is an object: the rows changed '
      + 'since (any page, matching `q`), the ids deleted since, and the next cursor (`pageSize` rows at most; `more` says ask again at once).',
  });

export function listQuery(defaultPageSize: number, maxPageSize: number) {
  return z.object({
    page: pageParam,
    pageSize: limitParam(defaultPageSize, maxPageSize),
    q: searchParam,
    updatedSince: updatedSinceParam,
  });
}
