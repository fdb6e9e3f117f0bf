import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Connection } from './api-client';
import { UsageError } from './exit-codes';

export interface Threshold { evaluator: string; min: number }
export interface GateOptions { thresholds: Threshold[]; allowStopped: boolean }
export interface FollowOptions { timeoutMs: number | null; progressEveryMs: number; stopOnTimeout: boolean }
export interface OutputOptions { json: boolean; quiet: boolean }

/** What `run` creates the experiment from; the API checks the values, this only reads them. */
export interface RunOptions {
  dataset?: string; configFile?: string; provider?: string; model?: string; promptFile?: string; evaluatorsFile?: string;
  repetitions?: number; temperature?: number; maxTokens?: number; name?: string; description?: string;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'run'; conn: Connection; run: RunOptions; follow: FollowOptions; gate: GateOptions; output: OutputOptions }
  | { kind: 'status'; conn: Connection; id: string; follow: FollowOptions | null; gate: GateOptions; output: OutputOptions };

export const DEFAULT_URL = 'http://localhost:3000';
const DEFAULT_PROGRESS_S = 5;
const MAX_TIMEOUT_S = 7 * 24 * 3600;
const MAX_PROGRESS_S = 3600;

const common = {
  url: { type: 'string' }, 'api-key': { type: 'string' },
  min: { type: 'string', multiple: true }, 'allow-stopped': { type: 'boolean' },
  timeout: { type: 'string' }, 'stop-on-timeout': { type: 'boolean' }, 'progress-every': { type: 'string' },
  json: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const runFlags = {
  ...common,
  dataset: { type: 'string' }, config: { type: 'string' }, provider: { type: 'string' }, model: { type: 'string' },
  'prompt-file': { type: 'string' }, evaluators: { type: 'string' }, repetitions: { type: 'string' },
  temperature: { type: 'string' }, 'max-tokens': { type: 'string' }, name: { type: 'string' }, description: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const statusFlags = { ...common, follow: { type: 'boolean' } } as const satisfies ParseArgsConfig['options'];

type Env = Record<string, string | undefined>;

/** The command line as a typed command; a UsageError (exit 2) for anything it cannot use. */
export function parseCommand(argv: readonly string[], env: Env): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { kind: 'help' };
  if (command === 'run') {
    const { values, positionals } = parse(rest, runFlags);
    if (values.help) return { kind: 'help' };
    if (positionals.length) throw new UsageError(`run takes no positional arguments (got "${positionals[0]}")`);
    return {
      kind: 'run', conn: connection(values, env), follow: followOptions(values), gate: gateOptions(values), output: outputOptions(values),
      run: {
        dataset: values.dataset, configFile: values.config, provider: values.provider, model: values.model,
        promptFile: values['prompt-file'], evaluatorsFile: values.evaluators,
        repetitions: integer('--repetitions', values.repetitions), maxTokens: integer('--max-tokens', values['max-tokens']),
        temperature: number('--temperature', values.temperature), name: values.name, description: values.description,
      },
    };
  }
  if (command === 'status') {
    const { values, positionals } = parse(rest, statusFlags);
    if (values.help) return { kind: 'help' };
    if (positionals.length !== 1) throw new UsageError('status takes one experiment id: status <id>');
    return {
      kind: 'status', conn: connection(values, env), id: positionals[0],
      follow: values.follow ? followOptions(values) : null, gate: gateOptions(values), output: outputOptions(values),
    };
  }
  throw new UsageError(`Unknown command "${command}"; the commands are run, status and help`);
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    // Node's own message goes on about positionals starting with '-': its first sentence is the point.
    const message = err instanceof Error ? err.message.split('. ')[0] : String(err);
    throw new UsageError(`${message}; see "help"`);
  }
}

function connection(values: { url?: string; 'api-key'?: string }, env: Env): Connection {
  const raw = values.url ?? env.EXPERIMENTS_URL ?? DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`The app URL "${raw}" is not a URL (from --url or EXPERIMENTS_URL)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`The app URL must start with http:// or https:// (got "${raw}")`);
  const apiKey = values['api-key'] ?? env.EXPERIMENTS_API_KEY;
  if (!apiKey) throw new UsageError('No API key: set EXPERIMENTS_API_KEY (or pass --api-key); create one in Settings -> API keys');
  return { url: url.href.replace(/\/+$/, ''), apiKey };
}

function gateOptions(values: { min?: string[]; 'allow-stopped'?: boolean }): GateOptions {
  const thresholds = (values.min ?? []).map(threshold);
  const seen = new Set<string>();
  for (const t of thresholds) {
    if (seen.has(t.evaluator)) throw new UsageError(`--min is given twice for "${t.evaluator}"`);
    seen.add(t.evaluator);
  }
  return { thresholds, allowStopped: values['allow-stopped'] ?? false };
}

/** `name=0.8`: split at the last "=", so an evaluator name may itself hold one. */
export function threshold(raw: string): Threshold {
  const at = raw.lastIndexOf('=');
  const evaluator = raw.slice(0, at).trim();
  const min = Number(raw.slice(at + 1));
  if (at <= 0 || !evaluator || raw.slice(at + 1).trim() === '' || !Number.isFinite(min)) {
    throw new UsageError(`--min takes <evaluator>=<mean>, e.g. --min exact=0.8 (got "${raw}")`);
  }
  if (min < 0 || min > 1) throw new UsageError(`--min ${evaluator}: the mean is a score from 0 to 1 (got ${min})`);
  return { evaluator, min };
}

function followOptions(values: { timeout?: string; 'progress-every'?: string; 'stop-on-timeout'?: boolean }): FollowOptions {
  const timeout = number('--timeout', values.timeout);
  if (timeout !== undefined && (timeout <= 0 || timeout > MAX_TIMEOUT_S)) {
    throw new UsageError(`--timeout is in seconds, more than 0 and at most ${MAX_TIMEOUT_S} (7 days)`);
  }
  const every = number('--progress-every', values['progress-every']) ?? DEFAULT_PROGRESS_S;
  if (every < 1 || every > MAX_PROGRESS_S) throw new UsageError(`--progress-every is in seconds, 1 to ${MAX_PROGRESS_S}`);
  if (values['stop-on-timeout'] && timeout === undefined) throw new UsageError('--stop-on-timeout needs --timeout');
  return { timeoutMs: timeout === undefined ? null : timeout * 1000, progressEveryMs: every * 1000, stopOnTimeout: values['stop-on-timeout'] ?? false };
}

const outputOptions = (values: { json?: boolean; quiet?: boolean }): OutputOptions => ({ json: values.json ?? false, quiet: values.quiet ?? false });

function number(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} takes a number (got "${raw}")`);
  return n;
}

function integer(flag: string, raw: string | undefined): number | undefined {
  const n = number(flag, raw);
  if (n !== undefined && !Number.isInteger(n)) throw new UsageError(`${flag} takes a whole number (got "${raw}")`);
  return n;
}
