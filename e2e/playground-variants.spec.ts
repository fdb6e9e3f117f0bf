import { expect, test, type Page } from '@playwright/test';

const ITEMS = 3;

/** A dataset of ITEMS questions, made through the JSON API. */
async function smallDataset(page: Page, name: string) {
  const ds = await page.request.post('/api/datasets', { data: { name } });
  expect(ds.status()).toBe(201);
  const datasetId = ((await ds.json()) as { id: string }).id;
  const mapping = encodeURIComponent(JSON.stringify({ input: ['question'], expected: ['answer'] }));
  const up = await page.request.post(`/api/datasets/${datasetId}/upload?format=csv&mapping=${mapping}`, {
    headers: { 'content-type': 'text/csv' }, data: 'question,answer\n"What is 1 + 1?",2\n"What is 2 + 2?",4\n"What is 3 + 3?",6\n',
  });
  expect(up.status()).toBe(200);
  return datasetId;
}

async function savePrompt(page: Page, name: string | null) {
  await page.getByRole('button', { name: 'Save prompt' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save prompt' });
  if (name !== null) await dialog.getByLabel('Prompt name').fill(name);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('two saved prompt versions x two models run as four variants, each labelled in the results', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const datasetId = await smallDataset(page, `variants-${stamp}`);
  await page.goto(`/playground?dataset=${datasetId}`);
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue(datasetId);

  // Two versions of one prompt: v1, then an edited v2 (which stays in the editor).
  const promptName = `qa-${stamp}`;
  const user = page.getByLabel('User message', { exact: true });
  await user.fill('{{question}}');
  await savePrompt(page, promptName);
  await user.fill('Answer with a number only: {{question}}');
  await savePrompt(page, null);
  await expect(page.getByText('v2', { exact: true })).toBeVisible();

  const variants = page.getByRole('region', { name: 'Variants' });
  await expect(variants.getByTestId('variant-count')).toHaveText(/One variant/);
  // The other prompt: version 1, from the library.
  await variants.getByLabel('Add a saved prompt').selectOption({ label: `${promptName} · v1` });
  await expect(variants.getByRole('region', { name: 'Prompts' }).getByRole('listitem')).toHaveText([/The prompt in the editor \(qa-\d+ · v2\)$/, new RegExp(`${promptName} · v1$`)]);
  // The other model: sim-large on the same provider.
  await variants.getByRole('button', { name: 'Add model' }).click();
  await expect(variants.getByLabel('Model 2', { exact: true })).toBeFocused();
  await variants.getByLabel('Model 2', { exact: true }).fill('sim-large');
  await expect(variants.getByTestId('variant-count')).toHaveText('2 prompts x 2 models = 4 variants');

  const names = variants.getByRole('region', { name: 'Variant names' });
  await expect(names.getByRole('listitem')).toHaveCount(4);
  await expect(names.getByLabel('Name of variant 4')).toHaveAttribute('placeholder', 'sim-large · prompt 2');
  // A rename is optional; this one shows in the results.
  await names.getByLabel('Name of variant 1').fill('baseline');

  // The estimate covers all four variants: 4 x 3 calls.
  const estimate = page.getByRole('region', { name: 'Cost estimate' });
  await expect(estimate.getByTestId('estimate-calls')).toHaveText(`${4 * ITEMS} calls`);
  await expect(estimate.getByText(/4 variants over 3 items/)).toBeVisible();

  // The "Saved" toasts would cover the section in the screenshot (they leave unless the pointer holds them).
  await page.mouse.move(0, 0);
  await expect(page.getByText(/Saved “qa-/)).toHaveCount(0, { timeout: 15_000 });
  await variants.scrollIntoViewIfNeeded();
  await variants.screenshot({ path: 'test-results/screenshots/playground-variants-section.png' });

  await expect(page.getByLabel('Record', { exact: true })).toBeChecked();
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const results = page.getByRole('region', { name: 'Results' });
  const table = page.getByRole('table', { name: 'Results', exact: true });
  await expect(results.getByText('Completed', { exact: true })).toBeVisible({ timeout: 60_000 });
  // One row per (item, variant), plus the header row.
  await expect(table.getByRole('row')).toHaveCount(4 * ITEMS + 1);
  await expect(table.getByRole('columnheader', { name: 'Variant' })).toBeVisible();
  for (const name of ['baseline', 'sim-large · prompt 1', 'sim-small · prompt 2', 'sim-large · prompt 2']) {
    await expect(table.getByRole('cell', { name, exact: true }), name).toHaveCount(ITEMS);
  }
  // Each variant's own figures above the rows.
  const byVariant = page.getByRole('table', { name: 'Scores by variant' });
  await expect(byVariant.getByRole('row')).toHaveCount(4 + 1);
  await expect(byVariant.getByRole('row').nth(1)).toContainText('baseline');
  await expect(byVariant.getByRole('row').nth(4)).toContainText(`sim-large · prompt 2${ITEMS}0`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/screenshots/playground-variants.png', fullPage: true });

  // The recorded experiment: every (item, variant) ran once, and each variant has its own counters.
  const href = await results.getByRole('link', { name: 'Open experiment' }).getAttribute('href');
  const id = href!.split('/').pop()!;
  const summary = (await (await page.request.get(`/api/experiments/${id}`)).json()) as { status: string; totalRuns: number; runsSucceeded: number; variantCount: number };
  expect(summary).toMatchObject({ status: 'COMPLETED', totalRuns: 4 * ITEMS, runsSucceeded: 4 * ITEMS, variantCount: 4 });
  const details = (await (await page.request.get(`/api/experiments/${id}/details`)).json()) as { variants: { name: string; model: string; totalRuns: number; runsSucceeded: number }[] };
  expect(details.variants.map((v) => [v.name, v.model, v.totalRuns, v.runsSucceeded])).toEqual([
    ['baseline', 'sim-small', ITEMS, ITEMS], ['sim-large · prompt 1', 'sim-large', ITEMS, ITEMS],
    ['sim-small · prompt 2', 'sim-small', ITEMS, ITEMS], ['sim-large · prompt 2', 'sim-large', ITEMS, ITEMS],
  ]);

  // "Open in playground" brings the four variants back.
  await page.goto(`/playground?from=${id}`);
  await expect(page.getByRole('region', { name: 'Variants' }).getByTestId('variant-count')).toHaveText('2 prompts x 2 models = 4 variants');
  await expect(page.getByRole('region', { name: 'Variant names' }).getByLabel('Name of variant 1')).toHaveValue('baseline');
});

test('more variants than the limit are refused with the limit named, before anything is sent', async ({ page }) => {
  await page.goto('/playground');
  const variants = page.getByRole('region', { name: 'Variants' });
  await variants.getByRole('button', { name: 'Add parameter set' }).click();
  await variants.getByLabel('Temperature, parameter set 2', { exact: true }).fill('5');
  for (let i = 0; i < 12; i++) await variants.getByRole('button', { name: 'Add model' }).click();
  await expect(variants.getByTestId('variant-count')).toHaveText('1 prompt x 13 models x 2 parameter sets = 26 variants');
  await expect(variants.getByRole('alert')).toHaveText('1 prompt x 13 models x 2 parameter sets = 26 variants: an experiment has at most 24 variants');
  await expect(variants.getByRole('region', { name: 'Variant names' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Some fields need attention' })).toBeVisible();
  // Row mistakes show beside their inputs.
  await expect(variants.getByText('Between 0 and 2')).toBeVisible();
  await expect(variants.getByText('Choose a model').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Results' })).toHaveCount(0);

  // Back under the limit, and the section says so.
  await variants.getByRole('button', { name: 'Remove parameter set 2' }).click();
  await expect(variants.getByTestId('variant-count')).toHaveText('1 prompt x 13 models = 13 variants');
  await expect(variants.getByRole('alert')).toHaveCount(0);
});

test('the dataset page\'s experiment form runs a prompt on two models as two variants', async ({ page }) => {
  test.setTimeout(90_000);
  const datasetId = await smallDataset(page, `variants-form-${Date.now()}`);
  await page.goto(`/datasets/${datasetId}`);
  const form = page.getByRole('form', { name: 'New experiment' });
  await form.getByLabel('User message').fill('{{question}}');
  const variants = form.getByRole('region', { name: 'Variants' });
  await variants.getByRole('button', { name: 'Add model' }).click();
  await variants.getByLabel('Model 2', { exact: true }).fill('sim-large');
  await expect(variants.getByTestId('variant-count')).toHaveText('1 prompt x 2 models = 2 variants');
  await expect(form.getByRole('region', { name: 'Cost estimate' }).getByTestId('estimate-calls')).toHaveText(`${2 * ITEMS} calls`);
  await variants.screenshot({ path: 'test-results/screenshots/experiment-form-variants.png' });

  const name = await form.getByLabel('Name', { exact: true }).inputValue();
  await form.getByRole('button', { name: 'Run experiment' }).click();
  await expect(page.getByText(`Started “${name}”`)).toBeVisible();
  const list = (await (await page.request.get(`/api/datasets/${datasetId}/experiments`)).json()) as { experiments?: { id: string; name: string }[] } | { id: string; name: string }[];
  const rows = Array.isArray(list) ? list : list.experiments ?? [];
  const id = rows.find((e) => e.name === name)!.id;
  await expect.poll(async () => ((await (await page.request.get(`/api/experiments/${id}`)).json()) as { status: string }).status, { timeout: 60_000 }).toBe('COMPLETED');
  expect(await (await page.request.get(`/api/experiments/${id}`)).json()).toMatchObject({ totalRuns: 2 * ITEMS, runsSucceeded: 2 * ITEMS, variantCount: 2 });
});
