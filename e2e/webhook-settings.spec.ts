import { expect, test } from '@playwright/test';

// Settings → Webhook: generate a secret, save, see only its last 4 characters, send a test and find
// it in the delivery log. The receiver is the built-in simulator's address (the outbound policy
// allows it), which answers an unknown path with 404: the test delivery is logged as failed.
const receiverUrl = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4210}/hooks/ci`;

test('set the webhook with a generated secret, send a test, and see it in the delivery log', async ({ page }) => {
  await page.goto('/settings');
  const form = page.getByRole('form', { name: 'Webhook' });
  await expect(form).toBeVisible();

  // A private address is refused, with the policy's reason, and nothing is saved.
  await form.getByLabel('URL').fill('http://10.0.0.7/hooks');
  await form.getByRole('button', { name: 'Generate' }).click();
  await form.getByRole('button', { name: 'Save webhook' }).click();
  await expect(form.getByText(/private network address/).first()).toBeVisible();
  await expect(form.getByRole('button', { name: 'Send test' })).toBeDisabled();

  await form.getByLabel('URL').fill(receiverUrl);
  const secret = await form.getByLabel('Signing secret').inputValue();
  expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
  await form.getByRole('button', { name: 'Save webhook' }).click();
  await expect(page.getByRole('region', { name: /Notifications/ }).getByText('Webhook saved')).toBeVisible();
  await expect(form.getByLabel('Signing secret')).toHaveValue('');
  await expect(form.getByText(`…${secret.slice(-4)}`)).toBeVisible();

  await form.getByRole('button', { name: 'Send test' }).click();
  const row = page.getByRole('table', { name: 'Webhook deliveries' }).getByRole('row').filter({ hasText: 'webhook.test' }).first();
  await expect(row).toContainText('Failed');
  await expect(row).toContainText('HTTP 404');
  await page.mouse.move(0, 0);
  await page.locator('section[aria-labelledby="webhook-heading"]').screenshot({ path: 'test-results/screenshots/settings-webhook.png' });

  // The secret is in neither the page nor a fresh server render.
  await page.reload();
  expect(await page.content()).not.toContain(secret);
  expect(await (await page.request.get('/settings')).text()).not.toContain(secret.slice(0, -4));
});
