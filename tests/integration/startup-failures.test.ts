import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, startEmbeddedPostgres } from '../../lib/db/embedded-postgres';
import { ProcessFailure } from '../../lib/log-tail';
import { nodeTsArgs } from '../../lib/config';
import { ProcessGroup } from '../../scripts/process-group';

const root = path.resolve(import.meta.dirname, '../..');

/** `npm start` run to completion: exit code and everything it printed. */
function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeTsArgs('scripts/start.ts'), { cwd: root, env: { ...process.env, DATABASE_URL: '', LOG_FILE: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

// One cluster made once (initdb), then broken in different ways: each start fails before anything runs.
const dataDir = path.join(root, `.data/test-start-fail-${crypto.randomBytes(4).toString('hex')}`);
const pgDir = path.join(dataDir, 'pg');
let port: number;
beforeAll(async () => {
  port = await freePort();
  const pg = await startEmbeddedPostgres({ dataDir: pgDir, port, fast: true });
  await pg.stop();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm start explains a failed start', () => {
  it('a port already in use: the cause, and the variable to change', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const res = await start({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) });
      expect(res.code).toBe(1);
      expect(res.output).toContain(`[start] failed while starting the embedded PostgreSQL: Port ${port} is already in use: set EMBEDDED_PG_PORT to a free port`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('PostgreSQL refusing to start: the cause and the last lines of its own log', async () => {
    const conf = path.join(pgDir, 'postgresql.conf');
    const good = fs.readFileSync(conf, 'utf8');
    fs.appendFileSync(conf, "\nshared_buffers = 'plenty'\n");
    try {
      const res = await start({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) });
      expect(res.code).toBe(1);
      expect(res.output).toContain(`[start] failed while starting the embedded PostgreSQL: The embedded PostgreSQL did not start (data in ${pgDir}): it exited before accepting connections`);
      const logFile = path.join(dataDir, 'pg.log');
      expect(res.output).toMatch(new RegExp(`last \\d+ lines? of the PostgreSQL log \\(all of it in ${logFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\):`));
      // PostgreSQL's own words, under the cause, and in its log file.
      expect(res.output).toMatch(/\| .*invalid value for parameter "shared_buffers": "plenty"/);
      expect(res.output).toMatch(/\| .*configuration file ".*postgresql\.conf" contains errors/);
      expect(fs.readFileSync(logFile, 'utf8')).toContain('invalid value for parameter "shared_buffers"');
    } finally {
      fs.writeFileSync(conf, good);
    }
  });

  it('a database that cannot be reached: the step and the cause', async () => {
    const res = await start({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none' });
    expect(res.code).toBe(1);
    expect(res.output).toMatch(/\[start\] failed while applying the database migrations: .*ECONNREFUSED/);
  });
});

describe('a supervised process that fails', () => {
  const script = (code: number) => `for (let i = 1; i <= 40; i++) console.log('line ' + i); console.error('boom: the real reason'); process.exit(${code})`;

  it('a one-shot step (the build) fails with its last lines', async () => {
    const group = new ProcessGroup();
    const failure = await group.run('build', process.execPath, ['-e', script(2)]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProcessFailure);
    const { message, log } = failure as ProcessFailure;
    expect(message).toBe('build exited with code 2');
    expect(log.lines).toHaveLength(30);
    expect(log.lines.at(-1)).toBe('boom: the real reason');
    expect(log.lines[0]).toBe('line 12');
  });

  it('a long-running one (web, worker, simulator) that exits prints the cause and its last lines', async () => {
    const group = new ProcessGroup();
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: unknown) => { printed.push(String(m)); });
    vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const exited = new Promise<string>((resolve) => { group.onCriticalExit = resolve; });
      group.start('web', process.execPath, ['-e', script(3)], {}, { critical: true });
      expect(await exited).toBe('web');
      const report = printed.find((m) => m.startsWith('[start] web exited with code 3'));
      expect(report).toBeDefined();
      expect(report).toContain('last 30 lines of the web log:');
      expect(report).toContain('  | boom: the real reason');
      expect(report).not.toContain('| line 11\n');
    } finally {
      spy.mockRestore();
      vi.restoreAllMocks();
    }
  });
});
