/**
 * The compare view's address, client-safe (no database): which series it compares, the baseline,
 * and how its items are filtered and paged. A series is one variant of one experiment, written
 * `<experiment id>:<variant>`; an experiment id alone stands for all its variants, so
 * `/compare?experiment=<id>` compares an experiment's variants with each other.
 *
 * `?experiment=a&experiment=b:1&baseline=b:1&diff=1&page=2`, or the items where the series'
 * scores disagree: `&disagree=1&after=<item seq>`. The older `?ids=a,b` still reads (every
 * variant of each).
 */

/** Series one comparison may hold. */
export const COMPARE_MAX_SERIES = 10;

export interface SeriesRef {
  experimentId: string;
  /** Null: every variant of the experiment. */
  variant: number | null;
}

export interface CompareParams {
  series: SeriesRef[];
  /** A series key, or an experiment id (its first compared variant); null: the first series. */
  baseline: string | null;
  page: number;
  /** Only the items whose output differs from the baseline's (paged by number). */
  onlyDiffs: boolean;
  /** Only the items where the series' scores disagree (paged by item, after `after`). */
  disagree: boolean;
  /** The disagreement page starts after this item (its dataset seq); null: the first page. */
  after: number | null;
}

export const seriesKey = (experimentId: string, variant: number) => `${experimentId}:${variant}`;

/** `<id>` or `<id>:<variant>`; null when it is neither (the read model names the bad value). */
export function parseSeriesRef(raw: string): SeriesRef | null {
  const m = /^([0-9a-f-]{1,40})(?::(\d{1,4}))?$/.exec(raw.trim().toLowerCase());
  if (!m) return null;
  return { experimentId: m[1], variant: m[2] === undefined ? null : Number(m[2]) };
}

export const formatSeriesRef = (s: SeriesRef) => (s.variant === null ? s.experimentId : seriesKey(s.experimentId, s.variant));

type Params = { get(name: string): string | null; getAll?(name: string): string[] };

/** Unparseable series are kept as written (`variant` null, id as given), so the error can name them. */
export function parseCompareParams(q: Params): CompareParams {
  const listed = q.getAll ? q.getAll('experiment') : [q.get('experiment') ?? ''];
  const legacy = (q.get('ids') ?? '').split(',');
  const raw = [...listed, ...legacy].map((s) => s.trim()).filter(Boolean);
  const seen = new Set<string>();
  const series: SeriesRef[] = [];
  for (const r of raw) {
    const ref = parseSeriesRef(r) ?? { experimentId: r, variant: null };
    const key = formatSeriesRef(ref);
    if (!seen.has(key)) series.push(ref);
    seen.add(key);
  }
  const page = Number(q.get('page'));
  const after = Number(q.get('after'));
  const disagree = q.get('disagree') === '1';
  return {
    series,
    baseline: q.get('baseline')?.trim().toLowerCase() || null,
    page: Number.isInteger(page) && page > 1 ? page : 1,
    onlyDiffs: !disagree && q.get('diff') === '1',
    disagree,
    after: disagree && Number.isSafeInteger(after) && after > 0 ? after : null,
  };
}

export function compareSearch(p: CompareParams): string {
  const q = new URLSearchParams();
  for (const s of p.series) q.append('experiment', formatSeriesRef(s));
  const first = p.series[0] ? formatSeriesRef(p.series[0]) : null;
  if (p.baseline && p.baseline !== first) q.set('baseline', p.baseline);
  if (p.disagree) {
    q.set('disagree', '1');
    if (p.after !== null) q.set('after', String(p.after));
  } else {
    if (p.onlyDiffs) q.set('diff', '1');
    if (p.page > 1) q.set('page', String(p.page));
  }
  // Colons stay readable in the address bar.
  return q.toString().replace(/%3A/gi, ':');
}

/** The address of an experiment's variants compared with each other. */
export const compareVariantsHref = (experimentId: string) => `/compare?experiment=${experimentId}`;

/** A compare route's parsed query (`experiment` already a list), as parseCompareParams reads it. */
export function queryParams(q: { experiment?: string[]; ids?: string; baseline?: string }, extra: Record<string, string | undefined> = {}): Params {
  const raw: Record<string, string | undefined> = { ids: q.ids, baseline: q.baseline, ...extra };
  return { get: (name) => raw[name] ?? null, getAll: (name) => (name === 'experiment' ? q.experiment ?? [] : []) };
}

/** A page's searchParams record (a repeated parameter is an array), as parseCompareParams reads it. */
export function recordParams(record: Record<string, string | string[] | undefined>): Params {
  const all = (name: string) => { const v = record[name]; return v === undefined ? [] : Array.isArray(v) ? v : [v]; };
  return { get: (name) => all(name)[0] ?? null, getAll: all };
}

/** The query strings of the view's three reads: the side-by-side table, the scores, the disagreements. */
export function compareReads(p: CompareParams): { table: string; scores: string; disagreements: string } {
  const scores = compareSearch({ ...p, page: 1, onlyDiffs: false, disagree: false, after: null });
  return {
    table: compareSearch({ ...p, disagree: false, after: null }),
    scores,
    disagreements: p.after === null ? scores : `${scores}&after=${p.after}`,
  };
}
