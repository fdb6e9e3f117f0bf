import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const KEY = `sk-e2e-leakcheck-${Date.now()}-0123456789abcdef`;
const DATA_DIR = process.env.E2E_DATA_DIR ?? '.data/e2e';
const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next';
const SIM_URL = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? '4210'}/v1`;

function filesUnder(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(ext)).map((f) => path.join(dir, f));
}

test('a provider key used for a whole experiment appears in no response, page, client bundle or log line', async ({ page, baseURL }) => {
  const api = page.request;
  const json = { headers: { origin: baseURL!, 'content-type': 'application/json' } };
  const bodies: string[] = [];
  const get = async (url: string) => {
    const res = await api.get(url);
    expect(res.status(), url).toBeLessThan(400);
    const text = await res.text();
    bodies.push(`${url}\n${text}`);
    return text;
  };

  const provider = await api.post('/api/providers', { ...json, data: { name: `keyed-${Date.now()}`, baseUrl: SIM_URL, apiKey: KEY } });
  expect(provider.status()).toBe(201);
  bodies.push(await provider.text());
  const providerId = (await provider.json()).id as string;

  const datasets = JSON.parse(await get('/api/datasets')) as { id: string; name: string }[] | { datasets: { id: string; name: string }[] };
  const list = Array.isArray(datasets) ? datasets : datasets.datasets;
  const demo = list.find((d) => d.name.startsWith('Demo'))!;
  const created = await api.post('/api/experiments', {
    ...json,
    data: {
      datasetId: demo.id, name: `leak-check-${Date.now()}`,
      config: { template: { messages: [{ role: 'user', content: '{{question}}' }] }, providerConnectionId: providerId, model: 'sim-small' },
    },
  });
  expect(created.status()).toBe(201);
  const experimentId = (await created.json()).id as string;
  await expect.poll(async () => JSON.parse(await get(`/api/experiments/${experimentId}`)).status, { timeout: 60_000 }).toBe('COMPLETED');

  // Every answer about it, and every page a user sees.
  const results = JSON.parse(await get(`/api/experiments/${experimentId}/results?page=1`)) as { runs: { id: string }[] };
  await get(`/api/experiments/${experimentId}/results/${results.runs[0].id}`);
  for (const url of [`/api/experiments/${experimentId}/details`, `/api/experiments/${experimentId}/runs`, `/api/experiments/${experimentId}/errors`,
    '/api/experiments', '/api/providers']) await get(url);
  const tested = await api.post(`/api/providers/${providerId}/test`, { headers: { origin: baseURL! } });
  bodies.push(await tested.text());
  for (const p of ['/datasets', `/datasets/${demo.id}`, '/experiments', `/experiments/${experimentId}`, '/settings', '/playground']) {
    await page.goto(p);
    bodies.push(`${p}\n${await page.content()}`);
  }
  for (const b of bodies) expect(b.includes(KEY), b.slice(0, 200)).toBe(false);

  const bundle = filesUnder(path.join(DIST_DIR, 'static'), '.js');
  expect(bundle.length).toBeGreaterThan(0);
  for (const f of bundle) expect(fs.readFileSync(f, 'utf8').includes(KEY), f).toBe(false);

  const log = fs.readFileSync(path.join(DATA_DIR, 'app.log'), 'utf8');
  expect(log).toContain('[worker]'); // the log is the app's real output
  expect(log.includes(KEY)).toBe(false);
});
