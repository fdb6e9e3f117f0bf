import fs from 'node:fs';
import { defineConfig } from '@playwright/test';
import { SYSTEM_CHROMIUM_PATHS } from './scripts/chromium-setup';
import { nodeTsArgs } from './lib/config';

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
// Everything the e2e app writes lives in its own folder, fresh each run.
const dataDir = process.env.E2E_DATA_DIR ?? '.data/e2e';

// Playwright's own browser download does not work everywhere: use the system Chromium when present.
const chromium = process.env.CHROMIUM_PATH ?? SYSTEM_CHROMIUM_PATHS.find((p) => fs.existsSync(p));
// The README screenshots are rewritten only on purpose (`npm run screenshots`), never by `npm test`.
const screenshots = process.env.README_SCREENSHOTS === '1';

export default defineConfig({
  testDir: './e2e',
  ...(screenshots ? { testMatch: 'readme-screenshots.spec.ts' } : { testIgnore: 'readme-screenshots.spec.ts' }),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL,
    // Signed in as the admin created from ADMIN_EMAIL (e2e/global-setup.ts); a spec that needs an
    // anonymous or member browser makes its own context.
    storageState: `.data/e2e-auth/admin-${port}.json`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    // The real `npm start` path on a data folder of its own: embedded Postgres, migrations, seed,
    // build if needed, simulator, web and worker.
    command: `rm -rf ${dataDir} && '${process.execPath}' ${nodeTsArgs('scripts/start.ts').join(' ')}`,
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    // Without this Playwright SIGKILLs the group; `npm start` stops web and worker, then Postgres.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'pipe',
    env: {
      DATA_DIR: dataDir, PORT: String(port),
      SIMULATOR_PORT: process.env.E2E_SIM_PORT ?? '4210', EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? '5496',
      SIM_LATENCY_MS: '150', SIM_JITTER_MS: '50',
      RUNNER_CLAIM_CHECK_MS: '300', EPHEMERAL_HEARTBEAT_TIMEOUT_MS: '6000',
      ADMIN_EMAIL: 'admin@e2e.test', ADMIN_PASSWORD: 'e2e-admin-password-1',
      LOG_FILE: `${dataDir}/app.log`,
    },
  },
});
