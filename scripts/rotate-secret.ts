/**
 * `npm run rotate-secret`: re-encrypts every stored API key from the old APP_SECRET to a new one,
 * in one transaction (all or nothing), then says where to put the new secret.
 *
 *   APP_SECRET_OLD=<old> APP_SECRET=<new> npm run rotate-secret
 *
 * APP_SECRET_OLD defaults to the generated DATA_DIR/app-secret of a local `npm start`. With
 * DATABASE_URL unset it opens the embedded PostgreSQL of `npm start`, which must be stopped: the
 * web and workers hold the old secret until they restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../lib/db/client';
import { startEmbeddedPostgres, type EmbeddedDb } from '../lib/db/embedded-postgres';
import { rotateStoredSecrets } from '../lib/crypto/stored-secrets';
import { MIN_PRODUCTION_APP_SECRET_LENGTH } from '../lib/crypto/app-secret';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
const secretFile = path.join(dataDir, 'app-secret');
const rel = (p: string) => path.relative(process.cwd(), p) || '.';

class UsageError extends Error {}

function secrets(): { oldSecret: string; newSecret: string; oldFrom: string } {
  const newSecret = process.env.APP_SECRET ?? '';
  if (newSecret.length < MIN_PRODUCTION_APP_SECRET_LENGTH) {
    throw new UsageError(`Set APP_SECRET to the new secret, at least ${MIN_PRODUCTION_APP_SECRET_LENGTH} characters (e.g. APP_SECRET="$(openssl rand -base64 32)"); it has ${newSecret.length}`);
  }
  if (process.env.APP_SECRET_OLD) return { oldSecret: process.env.APP_SECRET_OLD, newSecret, oldFrom: 'APP_SECRET_OLD' };
  if (fs.existsSync(secretFile)) return { oldSecret: fs.readFileSync(secretFile, 'utf8').trim(), newSecret, oldFrom: rel(secretFile) };
  throw new UsageError(`Set APP_SECRET_OLD to the secret the keys are encrypted with now (there is no ${rel(secretFile)})`);
}

/** The database of a local `npm start` when DATABASE_URL is unset; refused while the app runs. */
async function embeddedDatabase(): Promise<EmbeddedDb> {
  const pgDir = path.join(dataDir, 'pg');
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    throw new UsageError(`DATABASE_URL is unset and there is no embedded database in ${rel(pgDir)}: set DATABASE_URL`);
  }
  const pid = Number(fs.existsSync(path.join(pgDir, 'postmaster.pid')) ? fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0] : 0);
  if (pid && isAlive(pid)) throw new UsageError('The app is running (its PostgreSQL holds the data folder): stop `npm start` first, then rotate');
  return startEmbeddedPostgres({ dataDir: pgDir, port: Number(process.env.EMBEDDED_PG_PORT ?? 5488) });
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function main() {
  const { oldSecret, newSecret, oldFrom } = secrets();
  let embedded: EmbeddedDb | undefined;
  try {
    if (!process.env.DATABASE_URL) embedded = await embeddedDatabase();
    // `npm start` keeps the app's tables in the database named experiments.
    const url = process.env.DATABASE_URL ?? embedded!.url('experiments');
    const { db, sql } = createDb(url, { max: 1 });
    try {
      const { reencrypted, alreadyNew } = await rotateStoredSecrets(db, { oldSecret, newSecret });
      console.log(`[rotate-secret] re-encrypted ${reencrypted} stored API key(s) from the old secret (${oldFrom}) to the new one` +
        (alreadyNew ? `; ${alreadyNew} already used the new one` : ''));
    } finally {
      await sql.end({ timeout: 5 });
    }
  } finally {
    await embedded?.stop();
  }
  console.log([
    'Next: the stored keys now open only with the new secret. Give it to every process before starting them again:',
    `  - a local \`npm start\`: printf '%s' "$APP_SECRET" > ${rel(secretFile)}   (or keep APP_SECRET set when you run it)`,
    '  - web and workers run by you: set APP_SECRET to the new value in their environment and restart them all',
    'Sign-in sessions made with the old secret end: users sign in again. Then discard the old secret.',
  ].join('\n'));
}

main().catch((err) => {
  console.error(`[rotate-secret] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
