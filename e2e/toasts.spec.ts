import { expect, test } from '@playwright/test';

// Notifications wait for a keyboard user as they wait for the pointer: a toast that holds focus
// does not leave. The page's clock is Playwright's, so "later" is a step of the test, not a sleep.

test('a toast stays while it holds keyboard focus and leaves on its own after', async ({ page }) => {
  await page.goto('/settings');
  const save = page.getByRole('form', { name: 'Quotas' }).getByRole('button', { name: 'Save quotas' });
  await expect(save).toBeEnabled();
  await page.clock.install();

  // Unheld, a toast leaves by itself after a few seconds.
  await save.click();
  const notifications = page.getByRole('region', { name: /Notifications/ });
  const toast = notifications.getByRole('listitem').filter({ hasText: 'Quotas saved' });
  await expect(toast).toBeVisible();
  await page.mouse.move(0, 0);
  await page.clock.runFor(10_000);
  await expect(toast).toHaveCount(0);

  // Focused (as Tab or Alt+T would), it stays however long the reader takes.
  await save.click();
  await expect(toast).toBeVisible();
  await page.mouse.move(0, 0);
  await toast.getByRole('button', { name: 'Dismiss notification' }).focus();
  await page.clock.runFor(60_000);
  await expect(toast).toBeVisible();

  // Focus elsewhere: the time it had left runs out.
  await save.focus();
  await page.clock.runFor(10_000);
  await expect(toast).toHaveCount(0);
});
