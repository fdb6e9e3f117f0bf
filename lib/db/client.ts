import 'server-only';
import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema';
import { databaseUrl } from '../config';

export type Db = PostgresJsDatabase<typeof schema>;
/** A database handle or a transaction: query functions take either. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export function createDb(url: string, options: { max?: number } = {}) {
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  return { db: drizzle(sql, { schema }), sql };
}

type Cached = { db: Db; sql: postgres.Sql };
const globalForDb = globalThis as unknown as { __appDb?: Cached };

/** One lazily created client per process (cached on globalThis so dev reloads don't leak connections). */
export function getDb(): Db {
  globalForDb.__appDb ??= createDb(databaseUrl());
  return globalForDb.__appDb.db;
}

export function getSql(): postgres.Sql {
  getDb();
  return globalForDb.__appDb!.sql;
}
