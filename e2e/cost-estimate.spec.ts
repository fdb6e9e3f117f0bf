import { expect, test } from '@playwright/test';

const DEMO = 'Demo: quick questions';

test('the experiment form shows the cost estimate before Run', async ({ page }) => {
  await page.goto('/datasets');
  await page.getByRole('link', { name: /Demo: quick questions/ }).first().click();
  const estimate = page.getByRole('region', { name: 'Cost estimate' });
  await expect(estimate.getByTestId('estimate-calls')).toHaveText('30 calls');
  await expect(estimate.getByTestId('estimate-input')).toHaveText(/^~[\d,.k]+ input tokens$/);
  // Cost as a range, or "no price set" (never a silent $0).
  await expect(estimate.getByTestId('estimate-cost')).toHaveText(/\$[\d.,]+–\$[\d.,]+|no price set/);
  await page.screenshot({ path: 'test-results/screenshots/cost-estimate-form.png', fullPage: true });

  // A longer prompt: more input tokens, the same number of calls.
  const before = await estimate.getByTestId('estimate-input').textContent();
  await page.getByLabel('System message').fill('You are a precise assistant. Think carefully, then answer with the result only, and nothing else at all.');
  await expect(estimate.getByTestId('estimate-input')).not.toHaveText(before!);
  await expect(estimate.getByTestId('estimate-calls')).toHaveText('30 calls');
});

test('the playground estimate counts repetitions and judges, and measures the output on request', async ({ page }) => {
  await page.goto('/playground');
  await page.getByLabel('Dataset', { exact: true }).selectOption({ label: DEMO });
  const estimate = page.getByRole('region', { name: 'Cost estimate' });
  await expect(estimate.getByTestId('estimate-calls')).toHaveText('30 calls');

  await page.getByLabel('Repetitions').fill('2');
  await expect(estimate.getByTestId('estimate-calls')).toHaveText('60 calls');
  await page.getByRole('button', { name: 'Add evaluator' }).click();
  await page.getByRole('menuitem', { name: /LLM judge/ }).click();
  await expect(estimate.getByTestId('estimate-calls')).toHaveText('120 calls');
  await expect(estimate.getByText(/60 judge calls/)).toBeVisible();

  await estimate.getByRole('button', { name: 'Measure on 5 items' }).click();
  await expect(estimate.getByText(/measured on 5 items/)).toBeVisible();
  await estimate.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/cost-estimate-playground.png' });
});
