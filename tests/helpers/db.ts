import crypto from 'node:crypto';
import { inject } from 'vitest';
import { createDb, type Db } from '../../lib/db/client';
import { withDatabase } from '../global-setup';
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
