// Fixed locale for numbers so server and client render the same text (no hydration mismatch).
const intFormat = new Intl.NumberFormat('en-US');

export const formatInt = (n: number) => intFormat.format(n);

export function formatPercent(ratio: number): string {
  const pct = ratio * 100;
  if (pct === 0) return '0%';
  if (pct < 0.1) return '<0.1%';
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

export function formatRate(perSecond: number): string {
  return `${perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond)}/s`;
}

/** "1m 23s", "2h 5m", "45s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function formatRelative(date: Date, now = Date.now()): string {
  const diff = (date.getTime() - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(diff / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(diff / 3600), 'hour');
  if (abs < 30 * 86_400) return relative.format(Math.round(diff / 86_400), 'day');
  return date.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatExact(date: Date): string {
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Compact one-line JSON for table cells; strings shown without quotes. */
export function compactJson(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function prettyJson(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A value as cell text: a string as it is; an object of one field as that field's value (the
 * usual `{"question": …}`); a flat object as `key: value` lines; anything else as pretty JSON.
 */
export function cellText(value: unknown): { text: string; mono: boolean } {
  if (value === null || value === undefined) return { text: '', mono: false };
  if (typeof value === 'string') return { text: value, mono: false };
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1 && typeof entries[0][1] === 'string') return { text: entries[0][1], mono: false };
    if (entries.length > 0 && entries.every(([, v]) => v === null || typeof v !== 'object')) {
      return { text: entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n'), mono: false };
    }
  }
  return { text: JSON.stringify(value, null, 2), mono: true };
}

/** "0.87", "1", "0": two decimals at most, no trailing zeros. */
export function formatScore(score: number): string {
  return String(Math.round(score * 100) / 100);
}

/** "152 ms", "1.4 s", "2m 3s". */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${s % 60}s`;
}

export type ScoreTone = 'good' | 'mixed' | 'bad';

export function scoreTone(score: number): ScoreTone {
  return score >= 0.999 ? 'good' : score <= 0.001 ? 'bad' : 'mixed';
}
