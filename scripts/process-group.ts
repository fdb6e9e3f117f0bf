import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { formatLogTail, LogTail, ProcessFailure, type ProcessLog } from '../lib/log-tail';

// LOG_FILE: every line the children print is also appended there (tests read it back).
const logFile = process.env.LOG_FILE ? openLog(process.env.LOG_FILE) : null;

function openLog(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return fs.createWriteStream(file, { flags: 'a' }).on('error', (err) => console.error(`[start] cannot write ${file}: ${err.message}`));
}

interface Managed { name: string; child: ChildProcess; restartOnCrash: boolean; critical: boolean; cmd: string; args: string[]; env: Record<string, string>; tail: LogTail }

/** How long an exited child's last output may take to arrive (a grandchild may hold its pipes open). */
const DRAIN_MS = 1_000;

/** Resolves once the child's output has all been read, or after DRAIN_MS. */
function drained(child: ChildProcess): Promise<void> {
  if (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DRAIN_MS);
    child.once('close', () => { clearTimeout(timer); resolve(); });
  });
}

const exitText = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `on ${signal}` : `with code ${code}`);

/**
 * Children run in their own process groups so a stop reaches their grandchildren (next, esbuild)
 * and so a terminal Ctrl-C reaches only us: we decide the order.
 */
export class ProcessGroup {
  private managed = new Map<string, Managed>();
  private stopping = false;
  onCriticalExit?: (name: string) => void;

  start(name: string, cmd: string, args: string[], env: Record<string, string> = {}, opts: { restartOnCrash?: boolean; critical?: boolean; oneShot?: boolean } = {}) {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // Its own last lines, printed with the cause when it fails (its output interleaves with the others').
    const m: Managed = { name, child, restartOnCrash: !!opts.restartOnCrash, critical: !!opts.critical, cmd, args, env, tail: new LogTail() };
    this.managed.set(name, m);
    // The worker already tags its lines ("[worker] ..."): don't tag them twice.
    const prefix = (line: string) => (line.startsWith(`[${name.split('-')[0]}]`) ? line : `[${name}] ${line}`);
    for (const stream of [child.stdout!, child.stderr!]) {
      let buf = '';
      stream.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) {
          if (!l.trim()) continue;
          m.tail.write(`${l}\n`);
          console.log(prefix(l));
          logFile?.write(`${prefix(l)}\n`);
        }
      });
    }
    child.on('exit', async (code, signal) => {
      if (this.stopping || this.managed.get(name) !== m || opts.oneShot) return;
      await drained(child);
      if (this.stopping) return;
      console.error(`[start] ${name} exited ${exitText(code, signal)}${m.restartOnCrash ? '; restarting it' : ''}\n${formatLogTail(this.log(name))}`);
      if (m.restartOnCrash) {
        setTimeout(() => { if (!this.stopping) this.start(name, cmd, args, env, { ...opts, restartOnCrash: true, critical: false }); }, 1000);
      } else if (m.critical) {
        this.onCriticalExit?.(name);
      }
    });
    return child;
  }

  /** The last lines `name` printed (since its last start). */
  log(name: string): ProcessLog {
    return { name, lines: this.managed.get(name)?.tail.get() ?? [] };
  }

  /** From now on a crash of `name` restarts it (e.g. the web server once it has served once). */
  restartOnCrash(name: string) {
    const m = this.managed.get(name);
    if (m) { m.restartOnCrash = true; m.critical = false; }
  }

  /** Run to completion (e.g. a build), failing on a non-zero exit with its last lines. */
  run(name: string, cmd: string, args: string[]): Promise<void> {
    const child = this.start(name, cmd, args, {}, { oneShot: true });
    return new Promise((resolve, reject) => {
      child.on('exit', async (code, signal) => {
        await drained(child);
        const log = this.log(name);
        this.managed.delete(name);
        if (code === 0) resolve(); else reject(new ProcessFailure(`${name} exited ${exitText(code, signal)}`, log));
      });
    });
  }

  async stopAll(timeoutMs: number) {
    this.stopping = true;
    const alive = [...this.managed.values()].filter((m) => m.child.exitCode === null && m.child.signalCode === null);
    await Promise.all(alive.map((m) => new Promise<void>((resolve) => {
      const pid = m.child.pid!;
      const timer = setTimeout(() => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } resolve(); }, timeoutMs);
      m.child.once('exit', () => { clearTimeout(timer); resolve(); });
      try { process.kill(-pid, 'SIGTERM'); } catch { clearTimeout(timer); resolve(); }
    })));
  }
}
