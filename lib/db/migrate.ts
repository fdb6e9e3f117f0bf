import path from 'node:path';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { createDb } from './client';
import { startBoss } from '../queue/boss';

/** Applies the app's drizzle migrations and installs pg-boss's schema and queues. */
export async function migrateDatabase(url: string) {
  const { db, sql } = createDb(url, { max: 1 });
  try {
    await sql`SELECT pg_advisory_lock(727274)`;
    await migrate(db, { migrationsFolder: path.resolve(import.meta.dirname, '../../drizzle') });
    const boss = await startBoss(url, { migrate: true, supervise: false, schedule: false });
    await boss.stop({ graceful: false });
  } finally {
    await sql`SELECT pg_advisory_unlock(727274)`.catch(() => {});
    await sql.end();
  }
}

export async function ensureDatabase(serverUrl: string, name: string) {
  const { sql } = createDb(serverUrl, { max: 1 });
  try {
    const rows = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (rows.length === 0) await sql.unsafe(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await sql.end();
  }
}
