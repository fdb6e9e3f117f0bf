import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq, and, avg } from 'drizzle-orm';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, experimentRow, simulatorProvider } from '../helpers/fixtures';
import { apiCaller, closeAppClients, type ApiCaller } from '../helpers/api';
import { startApiServer, type ApiServer } from '../helpers/api-server';
import { waitFor } from '../helpers/processes';
import { startSimulator, type Simulator } from '../../lib/simulator/server';
import { hashText } from '../../lib/simulator/hash';
import { evaluations, experiments } from '../../lib/db/schema';

// The CLI as CI runs it: a child process talking HTTP to the app's route handlers (served by a
// real HTTP server here), with a real worker running the experiments against the simulator.

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const ITEMS = 10;

let suite: RunnerSuite;
let server: ApiServer;
let member: ApiCaller;
let locked: Simulator;
let slow: Simulator;
let dir: string;
let datasetId: string;
let lockedProviderId: string;
let slowProviderId: string;

/**
 * An offset whose questions the simulator gets wrong 2 or 3 times in 10 (it answers off by one
 * when the prompt's hash % 10 is 0), so the mean lies strictly inside 0..1 with room either side.
 */
function offsetWithSomeWrongAnswers(): number {
  for (let offset = 1000; ; offset++) {
    const wrong = Array.from({ length: ITEMS }, (_, i) => hashText(`What is ${i} + ${i + offset}?`) % 10 === 0).filter(Boolean).length;
    if (wrong >= 2 && wrong <= 3) return offset;
  }
}

const writeJson = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
};

interface CliResult { code: number | null; stdout: string; stderr: string }

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['cli/main.ts', ...args], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EXPERIMENTS_URL: server.url, EXPERIMENTS_API_KEY: member.key, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (process.env.DEBUG_CLI) process.stdout.write(`$ cli ${args.join(' ')}\n${stderr}${stdout}exit ${code}\n\n`);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  suite = await startRunnerSuite();
  process.env.DATABASE_URL = suite.t.url;
  member = await apiCaller('member');
  const { apiHandlers } = await import('../../app/api/registry');
  server = await startApiServer(apiHandlers);
  [locked, slow] = await Promise.all([
    startSimulator({ port: 0, requiredApiKey: 'sk-the-provider-wants-a-key' }),
    startSimulator({ port: 0, hangRate: 1 }),
  ]);
  lockedProviderId = (await simulatorProvider(suite.t.db, locked.url, { name: 'needs a key' })).id;
  slowProviderId = (await simulatorProvider(suite.t.db, slow.url, { name: 'never answers' })).id;
  datasetId = (await arithmeticDataset(suite.t.db, ITEMS, { name: 'cli arithmetic', offset: offsetWithSomeWrongAnswers() })).id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
});
afterAll(async () => {
  await server?.close();
  await closeAppClients();
  await stopRunnerSuite(suite);
  await Promise.all([locked?.close(), slow?.close()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const exactMatch = [{ name: 'exact', type: 'exact_match', expectedField: 'answer' }];
const configFile = () => writeJson('experiment.json', {
  config: {
    template: { messages: [{ role: 'user', content: '{{question}}' }] },
    providerConnectionId: suite.provider.id, model: 'sim-small', evaluators: exactMatch,
  },
});

/** The mean the database holds for an experiment's evaluator, computed apart from the API. */
async function storedMean(experimentId: string, evaluator: string) {
  const [row] = await suite.t.db.select({ mean: avg(evaluations.score), n: count() }).from(evaluations)
    .where(and(eq(evaluations.experimentId, experimentId), eq(evaluations.evaluatorName, evaluator), eq(evaluations.status, 'COMPLETED')));
  return { mean: Number(row.mean), n: row.n };
}

describe('npm run cli -- run', () => {
  it('exits 0 when the mean meets --min and 1 when it is below it', async () => {
    const config = configFile();
    // The dataset by name, as a pipeline would write it; no threshold: learn the real mean.
    const first = await cli(['run', '--dataset', 'cli arithmetic', '--config', config, '--name', 'baseline', '--json', '--progress-every', '1']);
    expect(first.stderr).toContain('Created experiment "baseline"');
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({
      name: 'baseline', status: 'COMPLETED', runs: { total: ITEMS, succeeded: ITEMS, failed: 0 },
      gate: { passed: true, checks: [], reasons: [] }, exitCode: 0, timedOut: false,
    });
    const mean = report.evaluators[0].mean as number;
    expect(report.evaluators).toEqual([{ evaluator: 'exact', mean, n: ITEMS }]);
    expect(mean).toBeGreaterThanOrEqual(0.7);
    expect(mean).toBeLessThanOrEqual(0.8);
    const stored = await storedMean(report.id, 'exact');
    expect(stored.n).toBe(ITEMS);
    expect(mean).toBeCloseTo(stored.mean, 10);

    const below = (mean - 0.05).toFixed(2);
    const above = (mean + 0.05).toFixed(2);
    const pass = await cli(['run', '--dataset', datasetId, '--config', config, '--name', 'gate passes', '--min', `exact=${below}`, '--json']);
    expect(pass.code, pass.stderr).toBe(0);
    expect(JSON.parse(pass.stdout).gate).toEqual({
      passed: true, reasons: [], checks: [{ evaluator: 'exact', variant: null, min: Number(below), mean, n: ITEMS, passed: true }],
    });

    const fail = await cli(['run', '--dataset', datasetId, '--config', config, '--name', 'gate fails', '--min', `exact=${above}`]);
    expect(fail.code, fail.stderr).toBe(1);
    expect(fail.stdout).toContain('Experiment "gate fails" COMPLETED');
    expect(fail.stdout).toContain(`FAILED: exact mean ${mean} is below ${Number(above)}`);

    // `status` gates an experiment that already ran, on the same figures.
    const again = await cli(['status', report.id, '--min', `exact=${above}`, '--json']);
    expect(again.code, again.stderr).toBe(1);
    expect(JSON.parse(again.stdout).evaluators).toEqual([{ evaluator: 'exact', mean, n: ITEMS }]);
  });

  it('gates every variant on its own: one below --min fails the run though the mean over all meets it', async () => {
    const config = writeJson('variants.json', {
      config: {
        template: { messages: [{ role: 'user', content: '{{question}}' }] },
        providerConnectionId: suite.provider.id, model: 'sim-small', evaluators: exactMatch,
        variants: [{ name: 'plain' }, { name: 'garbled', template: { messages: [{ role: 'user', content: '{{question}} [[sim:garbage]]' }] } }],
      },
    });
    const res = await cli(['run', '--dataset', datasetId, '--config', config, '--name', 'two variants', '--min', 'exact=0.3', '--json']);
    expect(res.code, res.stderr).toBe(1);
    const report = JSON.parse(res.stdout);
    expect(report.runs).toMatchObject({ total: 2 * ITEMS, succeeded: 2 * ITEMS });
    expect(report.evaluators[0].mean).toBeGreaterThanOrEqual(0.3);
    expect(report.variants.map((v: { name: string; evaluators: unknown }) => [v.name, v.evaluators])).toEqual([
      ['plain', [{ evaluator: 'exact', mean: expect.any(Number), n: ITEMS }]],
      ['garbled', [{ evaluator: 'exact', mean: 0, n: ITEMS }]],
    ]);
    expect(report.gate).toEqual({
      passed: false, reasons: ['exact (garbled) mean 0 is below 0.3'],
      checks: [
        { evaluator: 'exact', variant: 'plain', min: 0.3, mean: report.variants[0].evaluators[0].mean, n: ITEMS, passed: true },
        { evaluator: 'exact', variant: 'garbled', min: 0.3, mean: 0, n: ITEMS, passed: false },
      ],
    });
  });

  it('exits 1 when the experiment ends ERROR', async () => {
    // The flags alone (no config file); a provider that refuses every call trips the circuit breaker.
    const prompt = path.join(dir, 'prompt.txt');
    fs.writeFileSync(prompt, '{{question}}\n');
    const res = await cli([
      'run', '--dataset', datasetId, '--provider', lockedProviderId, '--model', 'sim-small', '--prompt-file', prompt,
      '--evaluators', writeJson('evaluators.json', exactMatch), '--name', 'refused', '--min', 'exact=0.5',
    ]);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toContain('Experiment "refused" ERROR');
    expect(res.stdout).toMatch(/FAILED: it ended ERROR: .*401.*; exact has no scores \(threshold 0.5\)\n$/);
    const [row] = await suite.t.db.select().from(experiments).where(eq(experiments.name, 'refused'));
    expect(row.status).toBe('ERROR');
  });

  it('exits 2 with a one-line message when the API key is refused, and creates nothing', async () => {
    const before = await suite.t.db.select({ n: count() }).from(experiments);
    const res = await cli(['run', '--dataset', datasetId, '--config', configFile(), '--name', 'never made'], { EXPERIMENTS_API_KEY: 'not-a-key' });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`error: API key refused by ${server.url} (HTTP 401): check --api-key or EXPERIMENTS_API_KEY\n`);
    expect(res.stdout).toBe('');
    expect(await suite.t.db.select({ n: count() }).from(experiments)).toEqual(before);
  });

  it('exits 2 before creating anything when --min names an evaluator the experiment lacks', async () => {
    const res = await cli(['run', '--dataset', datasetId, '--config', configFile(), '--name', 'typo', '--min', 'exatc=0.5']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('error: --min exatc: the experiment has no evaluator of that name (it has "exact")\n');
    expect(await suite.t.db.select().from(experiments).where(eq(experiments.name, 'typo'))).toEqual([]);
  });

  it('exits 2 with the API\'s message when it refuses the experiment', async () => {
    await cli(['run', '--dataset', datasetId, '--config', configFile(), '--name', 'taken', '--timeout', '1', '--quiet']);
    const res = await cli(['run', '--dataset', datasetId, '--config', configFile(), '--name', 'taken']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('error: POST /api/experiments failed (HTTP 409): An experiment named "taken" already exists in this dataset\n');
  });

  it('stops waiting at --timeout (exit 3) and, with --stop-on-timeout, stops the experiment', async () => {
    const config = writeJson('slow.json', {
      config: { template: { messages: [{ role: 'user', content: '{{question}}' }] }, providerConnectionId: slowProviderId, model: 'sim-small' },
    });
    const res = await cli(['run', '--dataset', datasetId, '--config', config, '--name', 'slow', '--timeout', '1', '--stop-on-timeout', '--json']);
    expect(res.code, res.stderr).toBe(3);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ timedOut: true, stoppedOnTimeout: true, exitCode: 3, gate: { passed: false } });
    expect(report.gate.reasons).toEqual([expect.stringMatching(/^it was still (QUEUED|RUNNING) after 1 s \(--timeout\); asked it to stop$/)]);
    await waitFor(async () => (await experimentRow(suite.t.db, report.id)).status === 'STOPPED', { what: 'the experiment to be STOPPED' });
  });
});
