import { expect, test } from '@playwright/test';

test('a new user runs an experiment on the demo dataset and watches it complete', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/datasets$/);
  await page.getByRole('link', { name: /Demo: quick questions/ }).first().click();
  await expect(page.getByRole('heading', { name: /Demo: quick questions/ })).toBeVisible();

  const name = `e2e-${Date.now()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Run experiment' }).click();

  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toBeVisible();
  // Live progress: it is seen running before it completes (the simulator answers in ~150 ms).
  await expect(row.getByText(/RUNNING|QUEUED/i)).toBeVisible();
  await expect(row.getByText(/COMPLETED/i)).toBeVisible({ timeout: 30_000 });
  await expect(row.getByText('30 / 30')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/experiments-table.png', fullPage: true });
});

test('bad input gets a clear message and loses nothing', async ({ page }) => {
  await page.goto('/datasets');
  await page.getByRole('link', { name: /Demo: quick questions/ }).first().click();
  await page.getByLabel('User message').fill('{{question}} and {{nonexistent}}');
  await page.getByRole('button', { name: 'Run experiment' }).click();
  // (Next.js has a route announcer with role=alert too: pick ours by its text.)
  await expect(page.getByRole('alert').filter({ hasText: 'Unknown variable {{nonexistent}}' })).toBeVisible();
  await expect(page.getByLabel('User message')).toHaveValue('{{question}} and {{nonexistent}}');
});
