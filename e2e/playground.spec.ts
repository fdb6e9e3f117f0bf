import { expect, test } from '@playwright/test';

const DEMO = 'Demo: quick questions';

test('the playground checks variables live and fills the results row by row', async ({ page }) => {
  await page.goto('/playground');
  await expect(page.getByRole('heading', { name: 'Playground', level: 1 })).toBeVisible();

  // Variables are checked against the chosen dataset: green when every item provides them.
  await page.getByLabel('Dataset', { exact: true }).selectOption({ label: DEMO });
  const variables = page.getByRole('list', { name: 'Variables' });
  await expect(variables.getByText('{{question}}')).toHaveAttribute('data-coverage', 'ok');

  // A variable no item provides is marked, with how many items lack it.
  const user = page.getByLabel('User message', { exact: true });
  await user.fill('{{question}} {{missing}}');
  await expect(variables.getByText('{{missing}}')).toHaveAttribute('data-coverage', 'lacking');
  await expect(page.getByText(/30 of 30 items lack/)).toBeVisible();
  await user.fill('{{question}}');
  await expect(variables.getByText('{{missing}}')).toHaveCount(0);
  await expect(variables.getByText('{{question}}')).toHaveAttribute('data-coverage', 'ok');

  // An exact-match evaluator on the expected answer.
  await page.getByRole('button', { name: 'Add evaluator' }).click();
  await page.getByRole('menuitem', { name: /Exact match/ }).click();
  const evaluator = page.getByRole('group', { name: /Exact match/ });
  await evaluator.getByLabel('Expected field').fill('answer');
  await expect(page.getByLabel('Record', { exact: true })).toBeChecked();

  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const results = page.getByRole('region', { name: 'Results' });
  const table = page.getByRole('table', { name: 'Results' });
  // Rows fill in as runs finish: 30 items plus the header row.
  await expect(table.getByRole('row')).toHaveCount(31, { timeout: 30_000 });
  await expect(results.getByText('Completed', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(table.getByRole('columnheader', { name: 'exact_match' })).toBeVisible();
  await expect(results.getByText(/average of 30/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  // The page header is sticky: shoot from the top so it sits where it belongs.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/screenshots/playground.png', fullPage: true });

  // "Open in playground": the same configuration comes back, evaluator included.
  const href = await results.getByRole('link', { name: 'Open experiment' }).getAttribute('href');
  const id = href!.split('/').pop();
  await page.goto(`/playground?from=${id}`);
  await expect(page.getByLabel('User message', { exact: true })).toHaveValue('{{question}}');
  await expect(page.getByRole('group', { name: /Exact match/ }).getByLabel('Expected field')).toHaveValue('answer');
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue(/.+/);
});

test('a run answered from the call cache says so on each row', async ({ page }) => {
  await page.goto('/playground');
  await page.getByLabel('Dataset', { exact: true }).selectOption({ label: DEMO });
  await page.getByLabel('Call cache').selectOption('on');
  const run = page.getByRole('button', { name: 'Run', exact: true });
  const results = page.getByRole('region', { name: 'Results' });
  const table = page.getByRole('table', { name: 'Results' });
  // The first run pays for its calls (or finds them cached by an earlier test); the second finds every one.
  await run.click();
  await expect(results.getByText('Completed', { exact: true })).toBeVisible({ timeout: 30_000 });
  const first = await results.getByRole('link', { name: 'Open experiment' }).getAttribute('href');
  await run.click();
  await expect(results.getByRole('link', { name: 'Open experiment' })).not.toHaveAttribute('href', first!);
  await expect(results.getByText('Completed', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(table.getByTestId('cached-run')).toHaveCount(30);
  await expect(table.getByTestId('cached-run').first()).toHaveAttribute('title', /Answered from the call cache/);
});

test('bad settings are shown inline before anything is sent', async ({ page }) => {
  await page.goto('/playground');
  await page.getByLabel('Temperature').fill('3');
  await page.getByLabel('Structured output (JSON schema)').fill('{"type": ');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // Beside the Run button (in the sticky header), not at the top of the page: in view where the user is.
  await expect(page.getByRole('alert').filter({ hasText: 'Some fields need attention' })).toBeInViewport();
  await expect(page.getByText('Between 0 and 2')).toBeVisible();
  await expect(page.getByText(/Invalid JSON/)).toBeVisible();
  await expect(page.getByLabel('Temperature')).toBeFocused();
  await expect(page.getByLabel('Structured output (JSON schema)')).toHaveValue('{"type": ');
});

test('a refused Run says why beside the button, in view, and focuses the message to fix', async ({ page }) => {
  // A window shorter than the form, scrolled to its end, as someone who just set the run options has it.
  await page.setViewportSize({ width: 1280, height: 640 });
  await page.goto('/playground');
  await page.getByLabel('Dataset', { exact: true }).selectOption({ label: DEMO });
  const user = page.getByLabel('User message', { exact: true });
  await user.fill('{{question}} {{missing}}');
  await page.getByLabel('Name', { exact: true }).fill(`refused-${Date.now()}`);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(user).not.toBeInViewport();

  const run = page.getByRole('button', { name: 'Run', exact: true });
  await run.click();
  // The server's refusal: announced (role="alert"), in the viewport, and the Run button's description.
  const refusal = page.getByRole('alert').filter({ hasText: 'Unknown variable {{missing}}: no item of the dataset provides it' });
  await expect(refusal).toBeInViewport();
  await expect(run).toHaveAccessibleDescription(/Unknown variable \{\{missing\}\}/);
  // Focus goes to the message that uses the variable, brought clear of the sticky header.
  await expect(user).toBeFocused();
  await expect(user).toBeInViewport();
  await expect(page.getByRole('table', { name: 'Results' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/playground-refused-run.png' });
});

test('an unrecorded run asks before leaving and can be stopped', async ({ page }) => {
  await page.goto('/playground');
  await page.getByLabel('Dataset', { exact: true }).selectOption({ label: DEMO });
  // Long enough to still be running when Stop is clicked: 300 calls (10 repetitions, the default quota), one at a time.
  await page.getByLabel('Repetitions').fill('10');
  await page.getByLabel('Max concurrency').fill('1');
  await page.getByLabel('Record', { exact: true }).uncheck();
  await expect(page.getByText('Off: not listed, stops when you leave this page, deleted later')).toBeVisible();

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const stop = page.getByRole('button', { name: 'Stop', exact: true });
  await expect(stop).toBeVisible();
  const results = page.getByRole('region', { name: 'Results' });
  await expect(results.getByText('Not recorded: stops if you leave this page')).toBeVisible();

  // Following an in-app link asks first; declining stays here with the run going.
  page.once('dialog', (dialog) => void dialog.dismiss());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
  await expect(page).toHaveURL(/\/playground$/);
  await expect(stop).toBeVisible();

  await stop.click();
  await expect(results.getByText('Stopped', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
});

test('an unrecorded run stays alive while the page is open and stops when the page is left', async ({ page }) => {
  await page.goto('/playground');
  await page.getByLabel('Dataset', { exact: true }).selectOption({ label: DEMO });
  await page.getByLabel('Repetitions').fill('10');
  await page.getByLabel('Max concurrency').fill('1');
  await page.getByLabel('Record', { exact: true }).uncheck();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();

  const href = await page.getByRole('region', { name: 'Results' }).getByRole('link', { name: /Open experiment/ }).getAttribute('href');
  const url = `/api/experiments/${href!.split('/').pop()}`;
  const state = async () => (await (await page.request.get(url)).json()) as { status: string; runsSucceeded: number };
  // Longer than the e2e heartbeat timeout (6 s): the page's heartbeats keep it running.
  await expect.poll(async () => (await state()).runsSucceeded, { timeout: 30_000 }).toBeGreaterThan(80);
  expect((await state()).status).toBe('RUNNING');

  // Leaving (after confirming) stops it.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
  await expect(page).toHaveURL(/\/datasets$/);
  await expect.poll(async () => (await state()).status, { timeout: 15_000 }).toBe('STOPPED');
});
