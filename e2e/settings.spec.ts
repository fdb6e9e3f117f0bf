import { expect, test, type Page } from '@playwright/test';

/** React's hydration mismatches (minified in production builds as errors #418, #423, #425). */
function watchHydrationErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && /hydrat|#418|#423|#425/i.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => { if (/hydrat|#418|#423|#425/i.test(e.message)) errors.push(e.message); });
  return errors;
}

const simulatorUrl = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4210}/v1`;

test('add a provider, test it, and delete it: the key never reaches the page', async ({ page }) => {
  const stamp = Date.now();
  const name = `E2E simulator ${stamp}`;
  const key = `sk-e2e-${stamp}-never-shown-again`;

  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  // The seeded simulator connection is there, marked as built in.
  await expect(page.getByRole('row', { name: /Local simulator/ }).getByText('Built-in simulator')).toBeVisible();

  await page.getByRole('button', { name: 'Add provider' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add provider' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Base URL').fill(simulatorUrl);
  await dialog.getByLabel('API key').fill(key);
  await expect(dialog.getByLabel('API key')).toHaveAttribute('type', 'password');
  await dialog.getByLabel('Requests per minute').fill('600');

  // Test what was typed, before saving.
  await dialog.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(dialog.getByText(/^Connected: \d+ models? \(/)).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/settings-add-provider.png' });

  await dialog.getByRole('button', { name: 'Save provider' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByText('Key stored')).toBeVisible();
  await expect(row.getByText('600', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: `Test connection ${name}` }).click();
  await expect(row.getByText(/^Connected: \d+ models? \(/)).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'test-results/screenshots/settings.png', fullPage: true });

  // Neither the rendered page nor a fresh server render contains the key.
  expect(await page.content()).not.toContain(key);
  const html = await (await page.request.get('/settings')).text();
  expect(html).not.toContain(key);
  expect(html).toContain(name);

  const deleteButton = row.getByRole('button', { name: `Delete ${name}` });
  await deleteButton.click();
  const confirm = page.getByRole('dialog', { name: `Delete “${name}”?` });
  await expect(confirm).toContainText('fail validation');
  // Escape cancels and gives focus back to the row's button.
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(deleteButton).toBeFocused();
  await page.keyboard.press('Enter');
  await confirm.getByRole('button', { name: 'Delete provider' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
});

test('bad provider input is reported inline and the form keeps what was typed', async ({ page }) => {
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Add provider' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add provider' });

  await dialog.getByLabel('Name', { exact: true }).fill('Local simulator');
  await dialog.getByLabel('Base URL').fill('not a url');
  await dialog.getByRole('button', { name: 'Save provider' }).click();
  await expect(dialog.getByText('Base URL must be a URL such as https://api.openai.com/v1').first()).toBeVisible();

  await dialog.getByLabel('Base URL').fill(simulatorUrl);
  await dialog.getByRole('button', { name: 'Save provider' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'A provider named "Local simulator" already exists' })).toBeVisible();
  await expect(dialog.getByText('Name is taken')).toBeVisible();
  await expect(dialog.getByLabel('Base URL')).toHaveValue(simulatorUrl);

  // A test against a URL that answers nothing fails with a readable message.
  await dialog.getByLabel('Base URL').fill('http://127.0.0.1:9/v1');
  await dialog.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(dialog.getByText(/Failed: Could not reach http:\/\/127\.0\.0\.1:9\/v1/)).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Add provider' })).toBeFocused();
});

test('the theme toggle: System follows the OS, Light and Dark are remembered across reloads', async ({ page }) => {
  const hydrationErrors = watchHydrationErrors(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/settings');
  const html = page.locator('html');
  const theme = page.getByRole('radiogroup', { name: 'Theme' });
  await expect(theme.getByRole('radio', { name: 'System' })).toHaveAttribute('aria-checked', 'true');
  await expect(html).not.toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveClass(/\bdark\b/);

  await theme.getByRole('radio', { name: 'Light' }).click();
  await expect(html).not.toHaveClass(/\bdark\b/);
  await theme.getByRole('radio', { name: 'Dark' }).click();
  await expect(html).toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  // Applied by the inline script in <head>, before the page is painted or hydrated.
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(theme.getByRole('radio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true');
  await page.screenshot({ path: 'test-results/screenshots/settings-dark.png', fullPage: true });

  // Arrow keys move the choice, as in any radio group; System follows the OS again.
  await theme.getByRole('radio', { name: 'Dark' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(theme.getByRole('radio', { name: 'System' })).toHaveAttribute('aria-checked', 'true');
  await expect(html).not.toHaveClass(/\bdark\b/);
  expect(await page.evaluate(() => localStorage.getItem('theme'))).toBeNull();
  expect(hydrationErrors).toEqual([]);
});
