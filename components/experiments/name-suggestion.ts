const pad = (n: number) => String(n).padStart(2, '0');

/** `<model>-<yyyy-mm-dd-hhmm>` in local time. */
export function suggestExperimentName(model: string, at: Date): string {
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `${model.trim() || 'experiment'}-${stamp}`;
}

/** The suggestion, with -2, -3… appended if it was already used in this session. */
export function uniqueName(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}
