import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// LOG_FILE: every line the children print is also appended there (tests read it back).
const logFile = process.env.LOG_FILE ? openLog(process.env.LOG_FILE) : null;

function openLog(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return fs.createWriteStream(file, { flags: 'a' }).on('error', (err) => console.error(`[start] cannot write ${file}: ${err.message}`));
}

interface Managed { name: string; child: ChildProcess; restartOnCrash: boolean; critical: boolean; cmd: string; args: string[]; env: Record<string, string> }

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
    const m: Managed = { name, child, restartOnCrash: !!opts.restartOnCrash, critical: !!opts.critical, cmd, args, env };
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
          console.log(prefix(l));
          logFile?.write(`${prefix(l)}\n`);
        }
      });
    }
    child.on('exit', (code, signal) => {
      if (this.stopping || this.managed.get(name) !== m || opts.oneShot) return;
      console.log(`[start] ${name} exited (${signal ?? code})`);
      if (m.restartOnCrash) {
        setTimeout(() => { if (!this.stopping) this.start(name, cmd, args, env, { ...opts, restartOnCrash: true, critical: false }); }, 1000);
      } else if (m.critical) {
        this.onCriticalExit?.(name);
      }
    });
    return child;
  }

  /** From now on a crash of `name` restarts it (e.g. the web server once it has served once). */
  restartOnCrash(name: string) {
    const m = this.managed.get(name);
    if (m) { m.restartOnCrash = true; m.critical = false; }
  }

  /** Run to completion (e.g. a build), failing on a non-zero exit. */
  run(name: string, cmd: string, args: string[]): Promise<void> {
    const child = this.start(name, cmd, args, {}, { oneShot: true });
    return new Promise((resolve, reject) => {
      child.on('exit', (code) => {
        this.managed.delete(name);
        if (code === 0) resolve(); else reject(new Error(`${name} failed with exit code ${code}`));
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
