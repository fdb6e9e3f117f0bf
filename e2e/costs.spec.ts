import { expect, test } from '@playwright/test';

test('an experiment shows its tokens and cost live in the table, the details sheet and its page', async ({ page }) => {
  await page.goto('/datasets');
  await page.getByRole('link', { name: /Demo: quick questions/ }).first().click();
  const name = `cost-${Date.now()}`;
  await expect(page.getByLabel('Name', { exact: true })).not.toHaveValue('');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Run experiment' }).click();

  const table = page.getByRole('table', { name: 'Experiments' });
  await expect(table.getByRole('columnheader', { name: 'Cost' })).toBeVisible();
  const row = table.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByText(/COMPLETED/i)).toBeVisible({ timeout: 30_000 });
  // The simulator's models have shipped demo prices: a dollar amount, never "no price set".
  await expect(row.getByTestId('cost')).toHaveText(/^\$0\.\d+$/);
  await expect(row.getByText(/\d[\d,.]*k? tok$/)).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'test-results/screenshots/experiments-table-cost.png', fullPage: true });

  await row.getByRole('button', { name: /actions/i }).click();
  await page.getByRole('menuitem', { name: 'View details' }).click();
  const sheet = page.getByRole('dialog', { name: new RegExp(name) });
  const costSection = sheet.getByRole('region', { name: 'Cost' });
  await expect(costSection.getByTestId('cost')).toHaveText(/^\$0\.\d+$/);
  await expect(costSection.getByLabel('Cost and tokens')).toContainText('Prompt tokens');
  await page.screenshot({ path: 'test-results/screenshots/details-sheet-cost.png' });
  await page.keyboard.press('Escape');

  await row.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByLabel('Summary').getByText('Cost', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Summary').getByTestId('cost')).toHaveText(/^\$0\.\d+$/);
});

test('an admin sets, sees and removes a model price on a provider connection', async ({ page }) => {
  await page.goto('/settings');
  const sim = page.getByRole('row', { name: /Local simulator/ });
  await sim.getByRole('button', { name: /^Prices of / }).click();
  const dialog = page.getByRole('dialog', { name: /^Prices of/ });
  await expect(dialog).toContainText(/Shipped prices as of \d{4}-\d{2}-\d{2}/);
  const prices = dialog.getByRole('table');
  await expect(prices.getByRole('row', { name: /sim-small/ })).toContainText('default');

  const model = `my-model-${Date.now()}`;
  await dialog.getByLabel('Model').fill(model);
  await dialog.getByLabel('Input $/M').fill('1.5');
  await dialog.getByLabel('Output $/M').fill('-2');
  await dialog.getByRole('button', { name: 'Save price' }).click();
  // Bad input: a clear message, and the form keeps what was typed.
  await expect(dialog.getByText('The output price must be 0 or more').first()).toBeVisible();
  await expect(dialog.getByLabel('Model')).toHaveValue(model);

  await dialog.getByLabel('Output $/M').fill('6');
  await dialog.getByRole('button', { name: 'Save price' }).click();
  const added = prices.getByRole('row', { name: new RegExp(model) });
  await expect(added).toContainText('$1.5');
  await expect(added).toContainText('$6');
  await page.screenshot({ path: 'test-results/screenshots/settings-prices.png' });

  await added.getByRole('button', { name: `Remove price of ${model}` }).click();
  await expect(prices.getByRole('row', { name: new RegExp(model) })).toHaveCount(0);
});
