import path from 'node:path';
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDb } from '../lib/db/embedded-postgres';
import { migrateDatabase } from '../lib/db/migrate';
import { createDb } from '../lib/db/client';

/**
 * Tests get a PostgreSQL of their own (never the app's data): an embedded cluster under
 * .data/test-pg, or the server in TEST_DATABASE_URL. A migrated template database makes each test
 * file's own database a cheap CREATE DATABASE ... TEMPLATE.
 */
let embedded: EmbeddedDb | undefined;

export async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // A port of its own gives a cluster of its own, so several test runs can share a machine.
    const port = Number(process.env.TEST_PG_PORT ?? 5497);
    const dataDir = path.resolve(import.meta.dirname, `../.data/test-pg${process.env.TEST_PG_PORT ? `-${port}` : ''}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    embedded = await startEmbeddedPostgres({ dataDir, port, fast: true });
    serverUrl = embedded.url();
  }
  const { sql } = createDb(serverUrl, { max: 1 });
  await sql.unsafe('DROP DATABASE IF EXISTS test_template WITH (FORCE)');
  await sql.unsafe('CREATE DATABASE test_template');
  await sql.end();
  await migrateDatabase(withDatabase(serverUrl, 'test_template'));
  project.provide('pgServerUrl', serverUrl);
}

export async function teardown() {
  await embedded?.stop();
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext { pgServerUrl: string }
}
