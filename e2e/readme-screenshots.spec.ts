import { expect, test } from '@playwright/test';

/**
 * The README's screenshots come from here, so they stay current: the experiments table with live
 * progress, and the details slideover. The experiment is created through the JSON API (as a
 * programmatic client would) with enough work to be watched while it runs.
 * Run by `npm run screenshots` only (playwright.config.ts leaves it out of `npm test`).
 */
test('experiments table mid-run and the details slideover', async ({ page, request }) => {
  await page.goto('/datasets');
  await page.getByRole('link', { name: /Demo: quick questions/ }).first().click();
  await page.waitForURL(/\/datasets\/[0-9a-f-]{36}/);
  const datasetId = /\/datasets\/([0-9a-f-]{36})/.exec(page.url())![1];
  const providerId = await page.getByLabel('Provider', { exact: true }).inputValue();

  const create = (name: string, extra: Record<string, unknown>) => request.post('/api/experiments', {
    data: {
      datasetId, name,
      config: {
        template: { messages: [{ role: 'user', content: '{{question}}' }] },
        providerConnectionId: providerId, model: 'sim-small',
        evaluators: [{ name: 'exact', type: 'exact_match', expectedField: 'answer' }],
        ...extra,
      },
    },
  });
  const done = await create('baseline-small', {});
  expect(done.status(), await done.text()).toBe(201);
  // 10 repetitions: the default quota; concurrency 2 keeps it running long enough to be seen.
  const live = await create('sim-large-10x', { model: 'sim-large', repetitions: 10, maxConcurrency: 2 });
  expect(live.status()).toBe(201);
  const bad = await create('bad-request', { template: { messages: [{ role: 'user', content: '{{question}} [[sim:status=400]]' }] } });
  expect(bad.status()).toBe(201);

  await page.reload();
  const table = page.getByRole('table', { name: 'Experiments' });
  await expect(table.getByRole('row', { name: /baseline-small/ }).getByText(/Completed/i)).toBeVisible({ timeout: 30_000 });
  await expect(table.getByRole('row', { name: /bad-request/ }).getByText(/Error/i)).toBeVisible({ timeout: 30_000 });
  const liveRow = table.getByRole('row', { name: /sim-large-10x/ });
  await expect(liveRow.getByText(/Running/i)).toBeVisible();
  await expect(liveRow.getByText(/\/s/)).toBeVisible(); // throughput shown while running
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/experiments-table.png' });

  await table.getByRole('button', { name: 'Actions for bad-request' }).click();
  await page.getByRole('menuitem', { name: 'View details' }).click();
  const sheet = page.getByRole('dialog', { name: 'Details of bad-request' });
  await expect(sheet).toContainText('400');
  await page.screenshot({ path: 'docs/screenshots/details-sheet.png' });
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});
