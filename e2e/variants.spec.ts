import { expect, test, type Page } from '@playwright/test';
import { createExperiment, EXACT_ANSWER, QUESTION_PROMPT, simulatorProviderId, uploadDataset, waitForEvaluations, waitForStatus } from './support/demo';

// An experiment of two variants (two models, two prompts) on the experiments table, the experiment
// page (variant line, filter, column, run sheet) and in the error log.

const SHOTS = 'test-results/screenshots';

// Six items; one fails at the provider (HTTP 400, no retry) in both variants.
const ITEMS = [
  { question: 'What is 2 + 2?', answer: '4' },
  { question: 'What is 3 + 3?', answer: '6' },
  { question: 'Fail please [[sim:status=400]]', answer: 'x' },
  { question: 'What is 5 + 5?', answer: '10' },
  { question: 'What is 1 + 1?', answer: '2' },
  { question: 'What is 4 + 4?', answer: '8' },
];

async function setUp(page: Page) {
  const stamp = Date.now();
  const datasetId = await uploadDataset(page.request, `variants-${stamp}`, ITEMS);
  const providerId = await simulatorProviderId(page.request);
  const name = `variants-${stamp}`;
  const id = await createExperiment(page.request, {
    datasetId, name,
    config: {
      template: QUESTION_PROMPT, providerConnectionId: providerId, model: 'sim-small', params: { temperature: 0 }, evaluators: [EXACT_ANSWER],
      variants: [
        { name: 'small' },
        { name: 'large terse', model: 'sim-large', template: { messages: [{ role: 'system', content: 'Answer with the number only.' }, { role: 'user', content: '{{question}}' }] } },
      ],
    },
  });
  await waitForStatus(page.request, id, 'COMPLETED');
  // Evaluations land after the runs: ten answered runs, one evaluator.
  await waitForEvaluations(page.request, id, 10);
  return { datasetId, id, name };
}

test('variants: the table breakdown, the experiment page filter and column, the error log', async ({ page }) => {
  test.setTimeout(180_000);
  const { datasetId, id, name } = await setUp(page);

  // ---- The experiments table: the row expands to one line per variant.
  await page.goto(`/datasets/${datasetId}`);
  const row = page.getByRole('table', { name: 'Experiments' }).getByRole('row', { name: new RegExp(name) }).first();
  const expand = row.getByRole('button', { name: '2 variants' });
  await expand.click();
  await expect(expand).toHaveAttribute('aria-expanded', 'true');
  const breakdown = page.locator(`[data-variants-of="${id}"]`).getByTestId('variant-breakdown');
  await expect(breakdown.locator('tr[data-variant="0"]')).toContainText('small');
  await expect(breakdown.locator('tr[data-variant="1"]')).toContainText('large terse');
  await expect(breakdown.locator('tr[data-variant="1"]')).toContainText('sim-large');
  await expect(breakdown.locator('tr[data-variant="1"]')).toContainText(/6\s*\/\s*6/);
  await page.screenshot({ path: `${SHOTS}/variants-table.png` });

  // ---- The experiment page: the variants' lines near the header, with a link to compare them.
  await row.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const variants = page.getByRole('region', { name: /^Variants/ });
  await expect(variants.getByTestId('variant-breakdown').locator('tbody tr')).toHaveCount(2);
  await expect(variants.getByRole('link', { name: 'Compare variants' })).toHaveAttribute('href', `/compare?experiment=${id}`);

  // Every run names its variant.
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('columnheader', { name: 'Variant' })).toBeVisible();
  await expect(runs.getByRole('row')).toHaveCount(1 + 12);
  await expect(runs.locator('td[data-variant="0"]')).toHaveCount(6);
  await expect(runs.locator('td[data-variant="1"]')).toHaveCount(6);

  // The variant filter: only the second variant's runs, kept in the address, with its own counts.
  await page.getByLabel('Variant', { exact: true }).selectOption({ label: 'large terse' });
  await expect(page).toHaveURL(/[?&]variant=1\b/);
  await expect(runs.getByRole('row')).toHaveCount(1 + 6);
  await expect(runs.locator('td[data-variant="0"]')).toHaveCount(0);
  await expect(runs.locator('td[data-variant="1"]')).toHaveCount(6);
  await expect(runs.locator('td[data-variant="1"]').first()).toHaveText('large terse');
  await expect(page.getByRole('radio', { name: /^Succeeded\s*5$/ })).toHaveCount(1);
  await expect(page.getByRole('radio', { name: /^Failed\s*1$/ })).toHaveCount(1);
  // Combined with the status filter.
  await page.getByRole('radio', { name: /Failed/ }).check();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page).toHaveURL(/variant=1/);
  await expect(runs.getByRole('row')).toHaveCount(1 + 1);
  await expect(runs.getByRole('row').nth(1)).toContainText('400');
  await page.getByRole('radio', { name: /^All/ }).check();
  await expect(runs.getByRole('row')).toHaveCount(1 + 6);
  await page.screenshot({ path: `${SHOTS}/variants-experiment-page.png`, fullPage: true });

  // The run's sheet names its variant.
  await runs.getByRole('button', { name: 'Open run 1', exact: true }).click();
  const run = page.getByRole('dialog', { name: /^Run #1\b/ });
  await expect(run.getByTestId('run-variant')).toHaveText('variant large terse');
  await page.keyboard.press('Escape');
  await expect(run).toBeHidden();

  // Back to every variant from the select; the address loses the filter.
  await page.getByLabel('Variant', { exact: true }).selectOption({ label: 'All variants' });
  await expect(page).not.toHaveURL(/variant=/);
  await expect(runs.getByRole('row')).toHaveCount(1 + 12);

  // ---- The error log: each task error names its variant; a filter narrows to one.
  await page.getByRole('button', { name: 'Details', exact: true }).click();
  const sheet = page.getByRole('dialog', { name: `Details of ${name}` });
  const log = sheet.getByRole('list', { name: 'Error log' });
  await expect(log.locator('li[data-source="task"]')).toHaveCount(2);
  // Both variants failed on the same item, in either order.
  expect((await log.getByTestId('error-variant').allTextContents()).sort()).toEqual(['variant large terse', 'variant small']);
  await sheet.getByLabel('Variant', { exact: true }).selectOption({ label: 'small' });
  await expect(log.locator('li')).toHaveCount(1);
  await expect(log.getByTestId('error-variant')).toHaveText('variant small');
  await expect(sheet.getByTestId('error-total')).toContainText('1 of this variant');
  await sheet.getByRole('heading', { name: 'Error log' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/variants-error-log.png` });

  // An entry's item link opens that item's run of that variant.
  await log.getByRole('link', { name: /^item / }).click();
  await expect(page).toHaveURL(/\?item=[0-9a-f-]+&variant=0/);
  await expect(sheet).toBeHidden();
  await expect(runs.getByRole('row')).toHaveCount(2);
  await expect(runs.getByRole('row').nth(1)).toContainText('400');
  await expect(runs.locator('td[data-variant="0"]')).toHaveText('small');
});
