import { prettyJson } from '@/components/format';
import { clipString, oneLine } from '@/components/data/json-tree-model';

/** Characters of the pretty-printed value in the hover text. */
const TITLE_CLIP = 2_000;

/**
 * One line per value (`{question: "…", n: 4}`), truncated by the column width and bounded however
 * big the value; the start of it, pretty-printed, on hover. The row's tree view has the whole value.
 */
export function JsonCell({ value }: { value: unknown }) {
  const text = oneLine(value, 300);
  if (!text) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  const isEmptyObject = text === '{}';
  const pretty = clipString(prettyJson(value), TITLE_CLIP);
  return (
    <span
      className={`block truncate font-mono text-xs ${isEmptyObject ? 'text-zinc-500 dark:text-zinc-400' : 'text-zinc-700 dark:text-zinc-300'}`}
      title={pretty.hidden ? `${pretty.text}…` : pretty.text}
    >
      {text}
    </span>
  );
}
