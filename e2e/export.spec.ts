import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { createDemoExperiment, demoIds, waitForStatus } from './support/demo';

const SHOTS = 'test-results/screenshots';

test('the experiment page downloads its runs as CSV and JSONL, keeping the status filter', async ({ page }) => {
  test.setTimeout(120_000);
  const ids = await demoIds(page.request);
  const name = `export-${Date.now()}`;
  const id = await createDemoExperiment(page.request, ids, name, {
    evaluators: [{ type: 'contains', name: 'mentions', value: '4' }],
  });
  await waitForStatus(page.request, id, 'COMPLETED');

  await page.goto(`/experiments/${id}`);
  await page.getByRole('button', { name: 'Export' }).click();
  const menu = page.getByRole('menu');
  await expect(menu).toContainText('Downloads every run');
  await page.screenshot({ path: `${SHOTS}/export-menu.png` });

  const csvDownload = page.waitForEvent('download');
  await menu.getByRole('menuitem', { name: /^CSV/ }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toBe(`${name}.csv`);
  const text = fs.readFileSync((await csv.path())!, 'utf8');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe('"item_id","item_seq","input","expected_output","variant","variant_name","repetition","status","output","error",'
    + '"score:mentions","label:mentions","prompt_tokens","completion_tokens","cost_usd","latency_ms","cached","attempts"');
  const { runsSucceeded, runsFailed } = await (await page.request.get(`/api/experiments/${id}`)).json() as { runsSucceeded: number; runsFailed: number };
  expect(lines).toHaveLength(1 + runsSucceeded + runsFailed);

  // With the Succeeded filter on, the menu says so and the file holds only those runs.
  await page.goto(`/experiments/${id}?status=succeeded`);
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.getByRole('menu')).toContainText('Downloads succeeded runs');
  const jsonlDownload = page.waitForEvent('download');
  await page.getByRole('menu').getByRole('menuitem', { name: /^JSONL/ }).click();
  const jsonl = await jsonlDownload;
  expect(jsonl.suggestedFilename()).toBe(`${name}-succeeded.jsonl`);
  const records = fs.readFileSync((await jsonl.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: string; scores: Record<string, unknown> });
  expect(records).toHaveLength(runsSucceeded);
  for (const r of records) expect(r.status).toBe('SUCCEEDED');
  expect(Object.keys(records[0].scores)).toEqual(['mentions']);
});
