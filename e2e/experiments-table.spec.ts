import { expect, test, type Page } from '@playwright/test';
import { createExperiment, QUESTION_PROMPT } from './support/demo';

/** A dataset of one item and `names.length` experiments on it, made through the JSON API. */
async function datasetWithExperiments(page: Page, name: string, names: string[]) {
  const ds = await page.request.post('/api/datasets', { data: { name } });
  expect(ds.status()).toBe(201);
  const datasetId = ((await ds.json()) as { id: string }).id;
  const mapping = encodeURIComponent(JSON.stringify({ input: ['question'], expected: ['answer'] }));
  const up = await page.request.post(`/api/datasets/${datasetId}/upload?format=csv&mapping=${mapping}`, {
    headers: { 'content-type': 'text/csv' }, data: 'question,answer\n"What is 1 + 1?",2\n',
  });
  expect(up.status()).toBe(200);
  await page.goto(`/datasets/${datasetId}`);
  const providerId = await page.getByLabel('Provider', { exact: true }).inputValue();
  // One item each: the per-user quota (5 queued or running) frees a place within a second or so.
  for (const n of names) await createExperiment(page.request, { datasetId, name: n, config: { template: QUESTION_PROMPT, providerConnectionId: providerId, model: 'sim-small' } });
  return datasetId;
}

test('the experiments table pages and searches, with both in the URL', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const names = Array.from({ length: 51 }, (_, i) => `tbl-${stamp}-${String(i).padStart(2, '0')}`);
  names.push(`tbl-${stamp}-50%_off`);
  const datasetId = await datasetWithExperiments(page, `table-${stamp}`, names);

  await page.goto(`/datasets/${datasetId}`);
  const table = page.getByRole('table', { name: 'Experiments' });
  const pager = page.getByRole('navigation', { name: 'Experiments pages' });
  await expect(pager).toContainText('1–50 of 52');
  await expect(table.getByRole('row')).toHaveCount(51); // the header and 50 rows
  // Newest first: the last one made leads the first page.
  await expect(table.getByRole('row').nth(1)).toContainText(`tbl-${stamp}-50%_off`);

  await pager.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/experimentsPage=2/);
  await expect(pager).toContainText('51–52 of 52');
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).toContainText(`tbl-${stamp}-00`);

  // The search is a plain substring: % and _ are characters, not wildcards.
  await page.getByRole('searchbox', { name: 'Search experiments' }).fill('50%_');
  await expect(page).toHaveURL(/experimentsSearch=50%25_/);
  await expect(page).not.toHaveURL(/experimentsPage=/);
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText(`tbl-${stamp}-50%_off`);
  await expect(pager).toBeHidden();

  await page.getByRole('searchbox', { name: 'Search experiments' }).fill('no such experiment');
  await expect(page.getByText('No experiment name contains “no such experiment”')).toBeVisible();

  // The all-experiments page takes the same search from its URL.
  await page.goto(`/experiments?q=${encodeURIComponent(`tbl-${stamp}-0`)}`);
  await expect(page.getByRole('table', { name: 'Experiments' }).getByRole('row')).toHaveCount(11);
  await expect(page.getByRole('searchbox', { name: 'Search experiments' })).toHaveValue(`tbl-${stamp}-0`);
});
