/**
 * Edit distance (insert, delete, substitute; each costs 1) over UTF-16 code units.
 * Common prefix and suffix are stripped first (outputs close to the expected text share most of
 * it), then the classic DP runs with one row over the shorter string: O(n·m) time, O(min) memory.
 */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  let long = a.slice(start, endA);
  let short = b.slice(start, endB);
  if (short.length > long.length) [long, short] = [short, long];
  const m = short.length;
  if (m === 0) return long.length;

  const shortCodes = new Uint16Array(m);
  for (let j = 0; j < m; j++) shortCodes[j] = short.charCodeAt(j);
  const row = new Uint32Array(m + 1);
  for (let j = 0; j <= m; j++) row[j] = j;

  for (let i = 1; i <= long.length; i++) {
    const c = long.charCodeAt(i - 1);
    let diagonal = row[0]; // row[i-1][j-1]
    row[0] = i;
    for (let j = 1; j <= m; j++) {
      const above = row[j];
      const substitute = diagonal + (c === shortCodes[j - 1] ? 0 : 1);
      const insertOrDelete = Math.min(above, row[j - 1]) + 1;
      row[j] = substitute < insertOrDelete ? substitute : insertOrDelete;
      diagonal = above;
    }
  }
  return row[m];
}

/** 1 - distance / longer length; two empty strings are identical (1). */
export function similarityRatio(a: string, b: string): { ratio: number; distance: number } {
  const maxLen = Math.max(a.length, b.length);
  if (maxLen === 0) return { ratio: 1, distance: 0 };
  const distance = levenshtein(a, b);
  return { ratio: 1 - distance / maxLen, distance };
}
