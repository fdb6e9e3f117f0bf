import { SEARCH_MAX_CHARS } from './search';

/** A table's page and search from a page's query string (a bad value means the default, never an error page). */
export function readTableParams(raw: Record<string, string | string[] | undefined>, keys: { page: string; q: string }) {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const page = Number(first(raw[keys.page]));
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    q: first(raw[keys.q]).trim().slice(0, SEARCH_MAX_CHARS),
  };
}
