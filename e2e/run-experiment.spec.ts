import { expect, test } from '@playwright/test';

test('a new user runs an experiment on the demo dataset and watches it complete', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/datasets$/);
  await page.getByRole('link', { name: /Demo: quick questions/ }).first().click();
  await expect(page.getByRole('heading', { name: /Demo: quick questions/ })).toBeVisible();

  const name = `e2e-${Date.now()}`;
  // The form suggests a name once it is hydrated: typing before that would be overwritten.
  await expect(page.getByLabel('Name', { exact: true })).not.toHaveValue('');
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
  // The server names the message that uses the variable: that field carries the error.
  await expect(page.getByLabel('User message')).toHaveAccessibleDescription(/Unknown variable \{\{nonexistent\}\}/);
});

test('an evaluator added after the run scores the old runs on resume (JSON API)', async ({ page, request }) => {
  await page.goto('/datasets');
  await page.getByRole('link', { name: /Demo: quick questions/ }).first().click();
  const name = `late-eval-${Date.now()}`;
  // The form suggests a name once it is hydrated: typing before that would be overwritten.
  await expect(page.getByLabel('Name', { exact: true })).not.toHaveValue('');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Run experiment' }).click();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByText(/COMPLETED/i)).toBeVisible({ timeout: 30_000 });

  const all = await (await request.get('/api/experiments')).json() as { id: string; name: string }[];
  const id = all.find((e) => e.name === name)!.id;
  const added = await request.post(`/api/experiments/${id}/evaluators`, {
    data: { evaluators: [{ name: 'exact', type: 'exact_match', expectedField: 'answer' }] },
  });
  expect(added.status(), await added.text()).toBe(200);
  const bad = await request.post(`/api/experiments/${id}/evaluators`, { data: { evaluators: [{ name: 'exact', type: 'regex', pattern: '(' }] } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatch(/already exists|pattern/i);

  expect((await request.post(`/api/experiments/${id}/resume`)).status()).toBe(200);
  // The resume came from outside this page: poll the API, then reload to see the scores.
  await expect.poll(async () => {
    const s = await (await request.get(`/api/experiments/${id}`)).json() as { status: string; runsSucceeded: number; evalsCompleted: number };
    return [s.status, s.runsSucceeded, s.evalsCompleted];
  }, { timeout: 30_000 }).toEqual(['COMPLETED', 30, 30]);
  await page.reload();
  await expect(row.getByText(/exact\s*(0\.\d+|1)/)).toBeVisible();
});
