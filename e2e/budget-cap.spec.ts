import { expect, test } from '@playwright/test';

// A long prompt makes each call cost far more than the first call's reservation (256 completion
// tokens), so a cap of a few calls stops the 30-item demo dataset part way.
const FILLER = 'Background notes for the assistant, to be ignored. '.repeat(40);

test('a budget cap stops an experiment with the reason shown; raising it and resuming completes it', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/datasets');
  await page.getByRole('link', { name: /Demo: quick questions/ }).first().click();
  const form = page.getByRole('form', { name: 'New experiment' });
  const name = `budget-${Date.now()}`;
  await expect(form.getByLabel('Name', { exact: true })).not.toHaveValue('');
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('User message').fill(`${FILLER}\n\n{{question}}`);

  // Bad input: a clear message by the field, and nothing is started.
  await form.getByLabel('Budget cap ($)').fill('-1');
  await form.getByRole('button', { name: 'Run experiment' }).click();
  await expect(form.getByText('The budget cap must be more than $0')).toBeVisible();

  await form.getByLabel('Budget cap ($)').fill('0.0005');
  await form.getByLabel('Call cache').selectOption('on');
  await expect(form.getByText('Identical calls answered from the cache; repetitions after the first still call the model.')).toBeVisible();
  await page.mouse.move(0, 0);
  await form.screenshot({ path: 'test-results/screenshots/budget-form.png' });
  await form.getByRole('button', { name: 'Run experiment' }).click();

  const row = page.getByRole('table', { name: 'Experiments' }).getByRole('row', { name: new RegExp(name) });
  await expect(row.getByText('Stopped', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(row.getByTestId('stop-reason')).toHaveText(/^Budget reached: \$[\d.]+ of \$0\.0005\d*$/);
  // Part of the work only: the cap held it back.
  const progress = row.getByRole('progressbar', { name: `${name} progress` });
  await expect(progress).not.toHaveAttribute('aria-valuenow', '30');
  await page.screenshot({ path: 'test-results/screenshots/budget-stopped-row.png', fullPage: true });

  await row.getByRole('button', { name: /actions/i }).click();
  await page.getByRole('menuitem', { name: 'View details' }).click();
  const sheet = page.getByRole('dialog', { name: new RegExp(name) });
  const reason = sheet.getByTestId('stop-reason-box');
  await expect(reason).toContainText('Why it stopped');
  await expect(reason).toContainText(/Budget reached: \$[\d.]+ of \$0\.0005/);
  const editor = sheet.getByRole('form', { name: 'Budget cap' });
  await expect(editor.getByLabel('Budget cap ($)')).toHaveValue('0.0005');
  await editor.getByLabel('Budget cap ($)').fill('abc');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('alert')).toHaveText('The budget cap must be an amount in dollars, like 5 or 0.50');
  await page.screenshot({ path: 'test-results/screenshots/budget-details-sheet.png' });

  await editor.getByLabel('Budget cap ($)').fill('1');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Budget cap set to $1.00')).toBeVisible();
  await editor.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByText(`Resumed “${name}”`)).toBeVisible();
  await page.keyboard.press('Escape');

  await expect(row.getByText('Completed', { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(progress).toHaveAttribute('aria-valuenow', '30');
  await expect(row.getByTestId('stop-reason')).toHaveCount(0);

  // The experiment ran with the call cache on: Settings shows what it stored, and clears it.
  await page.goto('/settings');
  const cache = page.getByRole('region', { name: 'Call cache' });
  const entries = cache.getByLabel('Call cache').getByText('Entries').locator('..');
  await expect(entries).toContainText('30');
  await expect(cache).toContainText('1024 MB');
  await cache.scrollIntoViewIfNeeded();
  await cache.screenshot({ path: 'test-results/screenshots/settings-call-cache.png' });
  await cache.getByRole('button', { name: 'Clear cache' }).click();
  const confirm = page.getByRole('dialog', { name: 'Clear the call cache?' });
  await confirm.getByRole('button', { name: 'Clear cache' }).click();
  await expect(page.getByText('Call cache cleared')).toBeVisible();
  await expect(entries).toContainText(/^Entries0/);
});
