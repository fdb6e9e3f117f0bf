import crypto from 'node:crypto';
import { inject } from 'vitest';
import { createDb, type Db } from '../../lib/db/client';
import { withDatabase } from '../global-setup';
import { databaseNow } from '../../lib/db/now';
import type postgres from 'postgres';

export interface TestDb { url: string; db: Db; sql: postgres.Sql; drop: () => Promise<void> }

/** A fresh, migrated database of this test's own (copied from the template). */
export async function createTestDb(): Promise<TestDb> {
  const server = inject('pgServerUrl');
  const name = `t_${crypto.randomBytes(5).toString('hex')}`;
  const admin = createDb(server, { max: 1 });
  await admin.sql.unsafe(`CREATE DATABASE ${name} TEMPLATE test_template`);
  await admin.sql.end();
  const url = withDatabase(server, name);
  const { db, sql } = createDb(url, { max: 10 });
  return {
    url, db, sql,
    drop: async () => {
      await sql.end({ timeout: 5 });
      const a = createDb(server, { max: 1 });
      await a.sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.sql.end();
    },
  };
}

/**
 * Dataset versions are stamped to the millisecond: rows written in the same millisecond as a
 * version belong to it. A test that needs later rows to be outside a version waits for the
 * database clock to pass it (usually one millisecond), instead of sleeping.
 */
export async function untilDatabaseTimePasses(db: Db, version: Date) {
  while ((await databaseNow(db)).getTime() <= version.getTime()) { /* the next query is the wait */ }
}
