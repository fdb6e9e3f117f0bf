import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { workerEntryArgs } from '../../lib/config';

const root = path.resolve(import.meta.dirname, '../..');

export interface WorkerProcess { child: ChildProcess; output: () => string; exited: Promise<number | null> }

const spawned = new Set<ChildProcess>();

/** A real worker process (node --import tsx worker/main.ts) in its own process group; reaped by `killAll`. */
export function startWorker(env: Record<string, string>): WorkerProcess {
  let out = '';
  const child = spawn(process.execPath, workerEntryArgs(), {
    cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUNNER_ORPHAN_SCAN_JITTER_MS: '200', ...env },
  });
  spawned.add(child);
  child.stdout!.on('data', (d) => { out += d; if (process.env.DEBUG_WORKERS) process.stdout.write(`[w${child.pid}] ${d}`); });
  child.stderr!.on('data', (d) => { out += d; if (process.env.DEBUG_WORKERS) process.stderr.write(`[w${child.pid}] ${d}`); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { spawned.delete(child); resolve(code); }));
  return { child, output: () => out, exited };
}

export async function waitForOutput(w: WorkerProcess, text: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!w.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`worker did not print "${text}" in time; output:\n${w.output()}`);
    if (w.child.exitCode !== null) throw new Error(`worker exited (${w.child.exitCode}); output:\n${w.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function signal(w: WorkerProcess, sig: NodeJS.Signals) {
  try { process.kill(-w.child.pid!, sig); } catch { /* already gone */ }
}

export async function killAll() {
  await Promise.all([...spawned].map((c) => {
    const done = new Promise((r) => c.once('exit', r));
    try { process.kill(-c.pid!, 'SIGKILL'); } catch { /* gone */ }
    return Promise.race([done, new Promise((r) => setTimeout(r, 3000))]);
  }));
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? 'condition'}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
