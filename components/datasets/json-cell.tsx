import { compactJson, prettyJson } from '@/components/format';

/** One-line JSON, truncated by the column width; the whole value, pretty-printed, on hover. */
export function JsonCell({ value }: { value: unknown }) {
  const text = compactJson(value);
  if (!text) return <span className="text-zinc-400">—</span>;
  const isEmptyObject = text === '{}';
  return (
    <span
      className={`block truncate font-mono text-xs ${isEmptyObject ? 'text-zinc-400' : 'text-zinc-700 dark:text-zinc-300'}`}
      title={prettyJson(value)}
    >
      {text}
    </span>
  );
}
