/**
 * The experiments table's name search: a case-insensitive substring, matched with ILIKE. The
 * user's text is a literal (its `%`, `_` and `\` are escaped), so the pattern is `%text%` and
 * matching is linear in the name's length.
 */

export const SEARCH_MAX_CHARS = 200;

/** `%text%` with LIKE's wildcards and escape character escaped (use with `escape '\'`). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
