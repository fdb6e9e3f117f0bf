/**
 * `npm test`: the type check, then unit + integration tests (vitest, own PostgreSQL), then the
 * end-to-end tests (Playwright in Chromium against the real `npm start`). Stops at the first failure.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const steps: [string, string, string[]][] = [
  ['type check', bin('tsc'), ['--noEmit', '-p', '.']],
  ['unit and integration tests', bin('vitest'), ['run']],
  ['end-to-end tests', bin('playwright'), ['test']],
];

const started = Date.now();
for (const [name, cmd, args] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  console.log(`=== ${name}: ${res.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(0)}s ===`);
  if (res.status !== 0) process.exit(res.status ?? 1);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
