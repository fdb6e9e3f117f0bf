/** Lines kept per process: enough to show why it stopped, short enough to read under the cause. */
export const LOG_TAIL_LINES = 30;
/** A longer line (a minified stack, a dumped value) is cut to this many characters. */
export const LOG_TAIL_LINE_CHARS = 2_000;

/**
 * The last lines a process printed, kept as its output arrives (chunks may split lines), so that
 * when it fails its own words can be printed next to the cause instead of "see the log above".
 */
export class LogTail {
  private lines: string[] = [];
  private partial = '';

  constructor(readonly max = LOG_TAIL_LINES) {}

  write(text: string) {
    const parts = (this.partial + text).split('\n');
    this.partial = cut(parts.pop()!);
    for (const line of parts) this.push(line);
  }

  /** The kept lines, oldest first, including a last line not yet ended. */
  get(): string[] {
    return this.partial.trim() ? [...this.lines, this.partial.trimEnd()].slice(-this.max) : [...this.lines];
  }

  private push(raw: string) {
    const line = cut(raw).replace(/\r$/, '');
    if (!line.trim()) return;
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
}

const cut = (line: string) => (line.length > LOG_TAIL_LINE_CHARS ? `${line.slice(0, LOG_TAIL_LINE_CHARS)}…` : line);

export interface ProcessLog {
  /** Whose log it is, as the user knows it: "PostgreSQL", "web", "worker". */
  name: string;
  lines: string[];
  /** Where the whole log is, when it is kept in a file. */
  file?: string;
}

/** A process that failed, with the last lines of its own log. */
export class ProcessFailure extends Error {
  constructor(message: string, readonly log: ProcessLog) {
    super(message);
    this.name = 'ProcessFailure';
  }
}

/** The log's last lines, indented under a heading that says whose they are and where the rest is. */
export function formatLogTail(log: ProcessLog): string {
  if (log.lines.length === 0) return `  (the ${log.name} log is empty${log.file ? `: ${log.file}` : ''})`;
  const where = log.file ? ` (all of it in ${log.file})` : '';
  const heading = `  last ${log.lines.length === 1 ? 'line' : `${log.lines.length} lines`} of the ${log.name} log${where}:`;
  return [heading, ...log.lines.map((l) => `  | ${l}`)].join('\n');
}

/** A cause's message is cut to this many characters (an ORM error quotes its whole SQL). */
const CAUSE_CHARS = 1_000;

/**
 * An error's message followed by those of its causes (a driver error wrapped by the ORM, say),
 * each once: the root cause is often the only part that says what to fix.
 */
export function errorCauses(err: unknown): string {
  const messages: string[] = [];
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const full = e instanceof Error ? e.message : String(e);
    const message = full.length > CAUSE_CHARS ? `${full.slice(0, CAUSE_CHARS)}…` : full;
    if (message && !messages.some((m) => m.includes(message))) messages.push(message);
    e = e instanceof Error ? e.cause : undefined;
  }
  return messages.join('; cause: ') || 'unknown error';
}
