import { expect, test, type Page } from '@playwright/test';
import { createDemoExperiment, demoIds, waitForStatus } from './support/demo';

/** A phone (iPhone 12-15 size): the sidebar is a drawer and the experiments table a list of cards. */
test.use({ viewport: { width: 390, height: 844 } });

async function expectNoSidewaysScroll(page: Page, label: string) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `${label}: the page is ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
}

test('on a phone an experiment runs and is stopped from its row menu', async ({ page }) => {
  const ids = await demoIds(page.request);
  const name = `phone-${Date.now()}`;
  // 300 calls, one at a time: still running when it is stopped.
  const id = await createDemoExperiment(page.request, ids, name, { repetitions: 10, maxConcurrency: 1 });

  await page.goto('/experiments');
  const row = page.locator(`tr[data-experiment-id="${id}"]`);
  // Name, status, progress and the row menu all in view, with no sideways scrolling.
  await expect(row.getByRole('link', { name })).toBeInViewport();
  await expect(row.getByText('Running', { exact: true })).toBeInViewport();
  const progress = row.getByRole('progressbar', { name: `${name} progress` });
  await expect(progress).toBeInViewport();
  await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);
  const menu = row.getByRole('button', { name: `Actions for ${name}` });
  await expect(menu).toBeInViewport();
  await expectNoSidewaysScroll(page, '/experiments');

  await menu.click();
  // The item's name is its label and its hint ("Calls in flight finish and are kept").
  const stop = page.getByRole('menuitem', { name: /^Stop(?! now)/ });
  await expect(stop).toBeInViewport();
  await expect(stop).toBeEnabled();
  await stop.click();
  await expect(row.getByText('Stopped', { exact: true })).toBeInViewport();
  await waitForStatus(page.request, id, 'STOPPED');
  const { runsSucceeded, totalRuns } = await (await page.request.get(`/api/experiments/${id}`)).json() as { runsSucceeded: number; totalRuns: number };
  expect(runsSucceeded).toBeLessThan(totalRuns);
});

test('the menu button opens the navigation as a drawer that closes on Escape and on navigation', async ({ page }) => {
  await page.goto('/datasets');
  const sidebarNav = page.getByRole('navigation', { name: 'Main' });
  await expect(sidebarNav).toBeHidden();

  const open = page.getByRole('button', { name: 'Open the menu' });
  await open.click();
  const drawer = page.getByRole('dialog', { name: 'Menu' });
  await expect(drawer.getByRole('navigation', { name: 'Main' })).toBeInViewport();
  // Focus stays inside while it is open, and Escape gives it back to the menu button.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(open).toBeFocused();

  // The top bar stays in view on a long page, above the playground's own sticky Run button.
  await page.goto('/playground');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  expect(await page.evaluate(() => window.scrollY), 'the playground scrolls on a phone').toBeGreaterThan(100);
  await expect(open).toBeInViewport();
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await expect(run).toBeInViewport();
  const [bar, button] = [await open.boundingBox(), await run.boundingBox()];
  expect(button!.y, 'Run sits below the top bar, not under it').toBeGreaterThanOrEqual(bar!.y + bar!.height);
  await page.screenshot({ path: 'test-results/screenshots/phone-playground-scrolled.png' });

  await open.click();
  await drawer.getByRole('link', { name: 'Experiments' }).click();
  await expect(page).toHaveURL(/\/experiments$/);
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Experiments', level: 1 })).toBeVisible();
});

test('no page scrolls sideways at 390 px', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const ids = await demoIds(page.request);
  const a = await createDemoExperiment(page.request, ids, `phone-a-${Date.now()}`, {
    evaluators: [{ type: 'exact_match', name: 'exact', expectedField: 'answer', caseSensitive: false }],
  });
  const b = await createDemoExperiment(page.request, ids, `phone-b-${Date.now()}`);
  await waitForStatus(page.request, a, 'COMPLETED');
  await waitForStatus(page.request, b, 'COMPLETED');
  const pages = [
    '/experiments', `/experiments/${a}`, '/datasets', `/datasets/${ids.datasetId}`, '/playground',
    `/compare?ids=${a},${b}`, '/settings', '/api-docs',
  ];
  for (const url of pages) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(page, url);
  }
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 390, height: 844 } });
  const signIn = await anonymous.newPage();
  await signIn.goto('/sign-in');
  await expect(signIn.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(signIn, '/sign-in');
  await anonymous.close();
});
