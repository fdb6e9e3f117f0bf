import { expect, type APIRequestContext } from '@playwright/test';

/** The built-in simulator's provider connection (admins only list them), found through the JSON API. */
export async function simulatorProviderId(request: APIRequestContext) {
  const providers = await (await request.get('/api/providers')).json() as { id: string; name: string }[];
  const provider = providers.find((p) => p.name === 'Local simulator') ?? providers[0];
  expect(provider, 'a provider connection').toBeDefined();
  return provider!.id;
}

/** The seeded demo dataset and the simulator's provider connection, found through the JSON API. */
export async function demoIds(request: APIRequestContext) {
  const datasets = await (await request.get('/api/datasets')).json() as { id: string; name: string }[];
  const dataset = datasets.find((d) => d.name.startsWith('Demo: quick questions'));
  expect(dataset, 'the seeded demo dataset').toBeDefined();
  return { datasetId: dataset!.id, providerId: await simulatorProviderId(request) };
}

/**
 * A new dataset of records (JSONL through the upload API): `input` names the fields that make an
 * item's input, `expected` its expected output. Returns its id.
 */
export async function uploadDataset(request: APIRequestContext, name: string, records: Record<string, unknown>[],
  mapping: { input: string[]; expected: string[] } = { input: ['question'], expected: ['answer'] }) {
  const created = await request.post('/api/datasets', { data: { name } });
  expect(created.status()).toBe(201);
  const datasetId = ((await created.json()) as { id: string }).id;
  const upload = await request.post(`/api/datasets/${datasetId}/upload?format=jsonl&mapping=${encodeURIComponent(JSON.stringify(mapping))}`, {
    headers: { 'content-type': 'application/x-ndjson' }, data: records.map((r) => JSON.stringify(r)).join('\n'),
  });
  expect(upload.status(), await upload.text()).toBe(200);
  return datasetId;
}

/** A new dataset of question/answer rows; returns its id. */
export async function createDataset(request: APIRequestContext, name: string, rows: [question: string, answer: string][]) {
  return uploadDataset(request, name, rows.map(([question, answer]) => ({ question, answer })));
}

/** The `{{question}}` prompt the specs' experiments use. */
export const QUESTION_PROMPT = { messages: [{ role: 'user', content: '{{question}}' }] };

/** Exact match of the output against the item's `answer`, case aside. */
export const EXACT_ANSWER = { type: 'exact_match', name: 'exact', expectedField: 'answer', caseSensitive: false };

/** Creates an experiment through the API; returns its id. */
export async function createExperiment(request: APIRequestContext, data: { datasetId: string; name: string; config: Record<string, unknown> }) {
  // The per-user quota (5 queued or running) refuses with 429 until one of the others finishes.
  let id = '';
  await expect.poll(async () => {
    const res = await request.post('/api/experiments', { data });
    if (res.status() === 201) id = ((await res.json()) as { id: string }).id;
    return res.status();
  }, { timeout: 60_000, intervals: [500] }).toBe(201);
  return id;
}

/** Creates an experiment (on the demo dataset unless `ids` names another) through the API; returns its id. */
export async function createDemoExperiment(request: APIRequestContext, ids: { datasetId: string; providerId: string }, name: string,
  extra: { repetitions?: number; maxConcurrency?: number; evaluators?: unknown[] } = {}) {
  return createExperiment(request, {
    datasetId: ids.datasetId, name,
    config: { template: QUESTION_PROMPT, providerConnectionId: ids.providerId, model: 'sim-small', params: { temperature: 0 }, cache: 'off', ...extra },
  });
}

/** Waits until `count` evaluations of the experiment have completed (they land after its runs). */
export async function waitForEvaluations(request: APIRequestContext, id: string, count: number, timeout = 30_000) {
  await expect.poll(async () => ((await (await request.get(`/api/experiments/${id}/details`)).json()) as { summary: { evalsCompleted: number } }).summary.evalsCompleted,
    { timeout }).toBe(count);
}

/** Waits until the experiment reaches `status` (polled through the API, not a sleep). */
export async function waitForStatus(request: APIRequestContext, id: string, status: string | RegExp, timeout = 60_000) {
  await expect.poll(async () => ((await (await request.get(`/api/experiments/${id}`)).json()) as { status: string }).status, { timeout })
    .toMatch(status);
}
