/**
 * `npm start` / `npm run dev`: one command for the whole app. Starts an embedded PostgreSQL when
 * DATABASE_URL is unset, applies migrations, seeds a first run, builds the web app if needed, then
 * runs the simulator, the web server and the worker(s). Ctrl-C stops children first, Postgres last.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDb } from '../lib/db/embedded-postgres';
import { ensureDatabase, migrateDatabase } from '../lib/db/migrate';
import { seedFirstRun } from '../lib/seed';
import { createDb, getSql } from '../lib/db/client';
import { ensureAdminFromEnv, hasAnyUser } from '../lib/auth/users';
import { appUrl, nodeTsArgs, workerEntryArgs } from '../lib/config';
import { ProcessGroup } from './process-group';
import { needsBuild } from './build-stamp';
import { readOrCreateSecretFile } from '../lib/crypto/secret-file';
import { exitUnlessAppSecretIsStrong, isProduction } from '../lib/crypto/app-secret';
import { ProcessFailure } from '../lib/log-tail';
import { startupFailureReport } from './startup-failure';

const dev = process.argv.includes('--dev');
const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
const webPort = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 4010);
const workerCount = Math.max(0, Number(process.env.WORKERS ?? 1));
// Self-hosted and often offline: no build-time telemetry calls.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

/**
 * A local install gets an APP_SECRET generated once into .data/app-secret (mode 0600); production
 * (NODE_ENV=production) must bring its own. `next start` always runs as production and refuses a
 * short secret, so `npm start` checks the same first, before it starts anything.
 */
function ensureAppSecret() {
  if (!process.env.APP_SECRET && !isProduction()) {
    const file = path.join(dataDir, 'app-secret');
    const { value, created } = readOrCreateSecretFile(file);
    if (created) console.log(`[start] generated APP_SECRET in ${path.relative(root, file)} (keep it: it decrypts stored API keys)`);
    process.env.APP_SECRET = value;
  }
  exitUnlessAppSecretIsStrong('start', isProduction() || !dev);
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

async function main() {
  const started = Date.now();
  const children = new ProcessGroup();
  let embedded: EmbeddedDb | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('[start] stopping: web and workers first, then the database');
    await children.stopAll(15_000);
    if (embedded) await embedded.stop().catch((e) => console.error('[start] database stop failed', e));
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void shutdown(0));

  // What it was doing, for the message should it fail.
  let stage = 'preparing the data folder';
  try {
    ensureAppSecret();
    if (!process.env.DATABASE_URL) {
      const port = Number(process.env.EMBEDDED_PG_PORT ?? 5488);
      const pgLog = path.join(dataDir, 'pg.log');
      console.log(`[start] DATABASE_URL is unset: starting the embedded PostgreSQL (data in ${path.relative(root, dataDir) || '.'}/pg, port ${port}, log in ${path.relative(root, pgLog)})`);
      stage = 'starting the embedded PostgreSQL';
      embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port, logFile: pgLog });
      stage = 'creating the database';
      await ensureDatabase(embedded.url(), 'experiments');
      process.env.DATABASE_URL = embedded.url('experiments');
    } else {
      console.log('[start] using DATABASE_URL; no database is started');
    }
    process.env.SIMULATOR_URL ??= `http://127.0.0.1:${simulatorPort}/v1`;

    stage = 'applying the database migrations';
    await migrateDatabase(process.env.DATABASE_URL!);
    stage = 'seeding the first run';
    const { db, sql } = createDb(process.env.DATABASE_URL!, { max: 1 });
    await seedFirstRun(db, { simulatorUrl: process.env.SIMULATOR_URL! });
    await sql.end();
    stage = 'creating the admin account';
    await ensureAdminFromEnv();
    const firstRun = !(await hasAnyUser());
    await getSql().end();

    const node = process.execPath;
    const next = path.join(root, 'node_modules/.bin/next');
    children.start('simulator', node, nodeTsArgs('scripts/simulator.ts'), { SIMULATOR_PORT: String(simulatorPort) });

    if (!dev && needsBuild(root)) {
      console.log('[start] building the web app (first start or sources changed)...');
      stage = 'building the web app';
      await children.run('build', next, ['build']);
    }
    stage = 'starting the web server';
    children.start('web', next, dev ? ['dev', '-p', String(webPort), '-H', host] : ['start', '-p', String(webPort), '-H', host], {}, { critical: true });
    for (let i = 0; i < workerCount; i++) {
      children.start(`worker${workerCount > 1 ? `-${i + 1}` : ''}`, node, dev ? ['--watch', ...workerEntryArgs()] : workerEntryArgs(), {}, { restartOnCrash: true });
    }
    children.onCriticalExit = () => void shutdown(1);

    await waitForHttp(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${webPort}/api/health`, dev ? 180_000 : 60_000)
      .catch((err: Error) => { throw new ProcessFailure(err.message, children.log('web')); });
    // A web server that started once and then crashes (e.g. a database driver fault during an
    // outage) is restarted; one that never came up stops everything with its error.
    children.restartOnCrash('web');
    console.log(`\n  Experiment runner is up at http://${host === '0.0.0.0' ? 'localhost' : host}:${webPort}  (ready in ${((Date.now() - started) / 1000).toFixed(1)}s; Ctrl-C to stop)\n`);
    if (firstRun) console.log(`  First run: open ${appUrl()}/sign-in to create the admin account (or set ADMIN_EMAIL and ADMIN_PASSWORD).\n`);
  } catch (err) {
    // The cause, and the last lines of the failing process's own log (PostgreSQL's for a database step).
    const postgres = embedded && { name: 'PostgreSQL', lines: embedded.logTail(), file: path.join(dataDir, 'pg.log') };
    console.error(startupFailureReport({ stage, error: err, postgres }));
    await shutdown(1);
  }
}

/**
 * A terminal's Ctrl-C signals the whole foreground process group, and the embedded Postgres (a
 * child the package spawns in our group) would get it too and shut down under the web and worker.
 * So the real work runs in a detached child (its own group, with Postgres); this thin parent turns
 * Ctrl-C / SIGTERM into one SIGTERM for it and exits with its code. If the parent is killed
 * outright, the IPC channel closes and the child shuts down by itself.
 */
function supervise() {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true, stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, START_SUPERVISED: '1' },
  });
  let signalled = false;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (!signalled) child.kill('SIGTERM');
      signalled = true;
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.env.START_SUPERVISED) {
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  void main();
} else {
  supervise();
}
