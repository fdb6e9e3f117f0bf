import { expect, type APIRequestContext } from '@playwright/test';

/** The seeded demo dataset and the simulator's provider connection, found through the JSON API. */
export async function demoIds(request: APIRequestContext) {
  const datasets = await (await request.get('/api/datasets')).json() as { id: string; name: string }[];
  const providers = await (await request.get('/api/providers')).json() as { id: string; name: string }[];
  const dataset = datasets.find((d) => d.name.startsWith('Demo: quick questions'));
  const provider = providers.find((p) => p.name === 'Local simulator') ?? providers[0];
  expect(dataset, 'the seeded demo dataset').toBeDefined();
  expect(provider, 'a provider connection').toBeDefined();
  return { datasetId: dataset!.id, providerId: provider!.id };
}

/** A new dataset of question/answer rows (CSV through the upload API); returns its id. */
export async function createDataset(request: APIRequestContext, name: string, rows: [question: string, answer: string][]) {
  const created = await request.post('/api/datasets', { data: { name } });
  expect(created.status()).toBe(201);
  const datasetId = ((await created.json()) as { id: string }).id;
  const mapping = encodeURIComponent(JSON.stringify({ input: ['question'], expected: ['answer'] }));
  const csv = ['question,answer', ...rows.map(([q, a]) => `"${q.replace(/"/g, '""')}","${a.replace(/"/g, '""')}"`)].join('\n');
  const upload = await request.post(`/api/datasets/${datasetId}/upload?format=csv&mapping=${mapping}`, { headers: { 'content-type': 'text/csv' }, data: `${csv}\n` });
  expect(upload.status(), await upload.text()).toBe(200);
  return datasetId;
}

/** Creates an experiment (on the demo dataset unless `ids` names another) through the API; returns its id. */
export async function createDemoExperiment(request: APIRequestContext, ids: { datasetId: string; providerId: string }, name: string,
  extra: { repetitions?: number; maxConcurrency?: number; evaluators?: unknown[] } = {}) {
  const create = () => request.post('/api/experiments', {
    data: {
      datasetId: ids.datasetId, name,
      config: {
        template: { messages: [{ role: 'user', content: '{{question}}' }] },
        providerConnectionId: ids.providerId, model: 'sim-small', params: { temperature: 0 }, cache: 'off', ...extra,
      },
    },
  });
  // The per-user quota (5 queued or running) refuses with 429 until one of the others finishes.
  let id = '';
  await expect.poll(async () => {
    const res = await create();
    if (res.status() === 201) id = ((await res.json()) as { id: string }).id;
    return res.status();
  }, { timeout: 60_000, intervals: [500] }).toBe(201);
  return id;
}

/** Waits until the experiment reaches `status` (polled through the API, not a sleep). */
export async function waitForStatus(request: APIRequestContext, id: string, status: string | RegExp, timeout = 60_000) {
  await expect.poll(async () => ((await (await request.get(`/api/experiments/${id}`)).json()) as { status: string }).status, { timeout })
    .toMatch(status);
}
