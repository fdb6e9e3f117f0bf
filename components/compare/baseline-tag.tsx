export function BaselineTag() {
  return <span className="shrink-0 rounded bg-zinc-900 px-1.5 py-px text-[10px] font-semibold uppercase tracking-wide text-white dark:bg-zinc-100 dark:text-zinc-900">Baseline</span>;
}
