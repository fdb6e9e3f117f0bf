/**
 * `npm test`: the type check, lint (with the layer rules), then unit + integration tests (vitest, own PostgreSQL), then the
 * end-to-end tests (Playwright in Chromium against the real `npm start`), setting up a Chromium
 * first when the machine has none. Stops at the first failure.
 * README screenshots are not part of it (`npm run screenshots`): a test run rewrites no tracked file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { decideChromiumSetup, findChromium, type SetupStep } from './chromium-setup';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const env = { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' };

function run(cmd: string, args: string[]) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status;
}

function playwrightOwnChromium(): string | null {
  try { return chromium.executablePath() || null; } catch { return null; }
}

/** True when a Chromium is there (found or set up); false after printing what to run. */
function ensureChromium(): boolean {
  const tried: SetupStep[] = [];
  for (;;) {
    const decision = decideChromiumSetup({
      found: findChromium({ CHROMIUM_PATH: process.env.CHROMIUM_PATH }, playwrightOwnChromium()), tried,
      isRoot: process.getuid?.() === 0, hasAptGet: fs.existsSync('/usr/bin/apt-get'),
    });
    if (decision.kind === 'use') return true;
    if (decision.kind === 'stop') {
      console.error(decision.message);
      return false;
    }
    console.log(`No Chromium found: trying ${decision.command} ${decision.args.join(' ')}`);
    run(decision.command, decision.args);
    tried.push(decision.step);
  }
}

const steps: [string, () => number | null][] = [
  ['type check', () => run(bin('tsc'), ['--noEmit', '-p', '.'])],
  ['lint', () => run(bin('eslint'), ['.', '--max-warnings=0'])],
  ['unit and integration tests', () => run(bin('vitest'), ['run'])],
  ['Chromium for the end-to-end tests', () => (ensureChromium() ? 0 : 1)],
  ['end-to-end tests', () => run(bin('playwright'), ['test'])],
];

const started = Date.now();
for (const [name, step] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const status = step();
  console.log(`=== ${name}: ${status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(0)}s ===`);
  if (status !== 0) process.exit(status ?? 1);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
