import { expect, test, type Page } from '@playwright/test';

async function createDataset(page: Page, name: string) {
  await page.goto('/datasets');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create dataset' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

/** Whether `a` comes before `b` in the page. */
const comesBefore = (page: Page, a: string, b: string) => page.evaluate(([x, y]) => {
  const first = document.getElementById(x);
  const second = document.getElementById(y);
  return !!first && !!second && !!(first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING);
}, [a, b]);

test('an empty dataset shows Upload first and cannot be run; once filled, one click opens it in the playground', async ({ page }) => {
  const name = `e2e-launch-${Date.now()}`;
  await createDataset(page, name);

  // Empty: the items (with the upload panel open) come before the experiment form.
  await expect(page.getByLabel('File', { exact: true })).toBeVisible();
  expect(await comesBefore(page, 'items-heading', 'new-experiment-heading')).toBe(true);
  // Nothing to run: both ways to run are disabled, and say why.
  const open = page.getByRole('button', { name: 'Open in playground with this dataset' });
  await expect(open).toBeDisabled();
  await expect(open).toHaveAccessibleDescription('Upload items to run experiments');
  const runExperiment = page.getByRole('button', { name: 'Run experiment' });
  await expect(runExperiment).toBeDisabled();
  await expect(runExperiment).toHaveAccessibleDescription('This dataset has no items yet: upload or add some first.');
  await page.screenshot({ path: 'test-results/screenshots/dataset-empty.png', fullPage: true });

  // Upload two rows: the report stays in place (the page does not reorder under it) and running is possible.
  const csv = 'question,answer\n"What is 2 + 2?",4\n"Capital of Italy?",Rome\n';
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'two.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 items' })).toBeVisible();
  await expect(page.getByText('2 items', { exact: true })).toBeVisible();
  await expect(runExperiment).toBeEnabled();
  const openLink = page.getByRole('link', { name: 'Open in playground with this dataset' });
  await expect(openLink).toBeVisible();

  // A fresh visit of a dataset with items: the experiments first, the items below.
  await page.reload();
  expect(await comesBefore(page, 'new-experiment-heading', 'items-heading')).toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/dataset-with-items.png', fullPage: true });

  // One click: the playground, with this dataset chosen.
  await openLink.click();
  await expect(page).toHaveURL(/\/playground\?dataset=/);
  const datasetSelect = page.getByLabel('Dataset', { exact: true });
  await expect(datasetSelect.locator('option:checked')).toHaveText(name);
  await expect(page.getByText('2 items · view')).toBeVisible();
});
