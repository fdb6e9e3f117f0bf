export function VariableChips({ variables }: { variables: string[] }) {
  if (variables.length === 0) {
    return <p className="text-xs text-zinc-500 dark:text-zinc-400">No <code>{'{{variables}}'}</code>: every item gets the same prompt.</p>;
  }
  return (
    <div className="flex flex-wrap items-center gap-1.5 text-xs" aria-label="Detected variables">
      <span className="text-zinc-500 dark:text-zinc-400">Variables</span>
      {variables.map((v) => (
        <span key={v} className="rounded bg-accent-50 px-1.5 py-0.5 font-mono text-accent-700 ring-1 ring-inset ring-accent-100 dark:bg-accent-950/60 dark:text-accent-400 dark:ring-accent-950">
          {`{{${v}}}`}
        </span>
      ))}
    </div>
  );
}
