import { apiClient, type ApiClient, type Connection } from './api-client';
import { parseCommand, type FollowOptions, type GateOptions, type OutputOptions, type RunOptions } from './args';
import type { ExperimentDetails, ExperimentSummary } from './api-types';
import { createBody, evaluatorNames } from './experiment-input';
import { ApiError, EXIT, UsageError, type ExitCode } from './exit-codes';
import { followExperiment, realClock, type Clock } from './follow';
import { summaryText } from './format';
import { verdict } from './gate';
import { HELP } from './help';
import { buildReport } from './report';

export interface Io {
  env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Told the experiment's id as soon as it is known (for a Ctrl-C hint). */
  onExperiment?(id: string): void;
}

/** The whole CLI as a function of its arguments: prints, and answers the exit status. */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  try {
    const cmd = parseCommand(argv, io.env);
    if (cmd.kind === 'help') {
      io.out(HELP);
      return EXIT.passed;
    }
    const api = apiClient(cmd.conn, io.fetch);
    const id = cmd.kind === 'run' ? await create(api, cmd.run, cmd.gate, cmd.output, io) : cmd.id;
    io.onExperiment?.(id);
    return await finish(api, cmd.conn, id, cmd.follow, cmd.gate, cmd.output, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ApiError) {
      io.err(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

async function create(api: ApiClient, run: RunOptions, gate: GateOptions, output: OutputOptions, io: Io): Promise<string> {
  const body = await createBody(api, run);
  // A threshold on an evaluator the experiment lacks can never pass: say so before spending anything.
  checkThresholdNames(gate, evaluatorNames(body));
  const { id } = await api.post<{ id: string }>('/api/experiments', body);
  if (!output.quiet) io.err(`Created experiment "${body.name}" (${id})\n`);
  return id;
}

async function finish(api: ApiClient, conn: Connection, id: string, follow: FollowOptions | null, gate: GateOptions, output: OutputOptions, io: Io): Promise<ExitCode> {
  const progress = (line: string) => { if (!output.quiet) io.err(`${line}\n`); };
  let summary: ExperimentSummary;
  let timedOut = false;
  let stopped = false;
  if (follow) {
    ({ summary, timedOut } = await followExperiment(api, id, follow, progress, io.clock ?? realClock));
    if (timedOut && follow.stopOnTimeout) {
      await api.post(`/api/experiments/${encodeURIComponent(id)}/stop`);
      stopped = true;
    }
  } else {
    summary = await api.get<ExperimentSummary>(`/api/experiments/${encodeURIComponent(id)}`);
  }
  checkThresholdNames(gate, summary.evaluatorNames);

  const details = await api.get<ExperimentDetails>(`/api/experiments/${encodeURIComponent(id)}/details`);
  const report = buildReport(details, conn.url);
  const v = verdict(report, gate, timedOut
    ? `it was still ${summary.status} after ${follow!.timeoutMs! / 1000} s (--timeout)${stopped ? '; asked it to stop' : '; it keeps running'}`
    : null);
  if (output.json) {
    io.out(`${JSON.stringify({ ...report, timedOut, stoppedOnTimeout: stopped, gate: { passed: v.passed, checks: v.checks, reasons: v.reasons }, exitCode: v.exitCode }, null, 2)}\n`);
  } else {
    io.out(summaryText(report, v));
  }
  if (v.exitCode === EXIT.notEnded && !stopped) progress(`Follow it with: npm run cli -- status ${id} --follow`);
  return v.exitCode;
}

function checkThresholdNames(gate: GateOptions, names: readonly string[]) {
  const unknown = gate.thresholds.filter((t) => !names.includes(t.evaluator));
  if (!unknown.length) return;
  const has = names.length ? `it has ${names.map((n) => `"${n}"`).join(', ')}` : 'it has no evaluators';
  throw new UsageError(`--min ${unknown[0].evaluator}: the experiment has no evaluator of that name (${has})`);
}
