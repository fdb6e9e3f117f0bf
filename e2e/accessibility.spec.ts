import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoViolations, settled } from './support/axe';
import { createDataset, createDemoExperiment, demoIds, waitForStatus } from './support/demo';

/**
 * axe (WCAG 2.0/2.1 A and AA) over every screen, in the light and the dark theme, with the
 * overlays open: the details sheet, the delete confirmation, the add-item and add-provider dialogs,
 * and the playground while its results stream in. Any violation fails, listed with its targets.
 */

const DEMO = 'Demo: quick questions';

interface Fixtures { demoId: string; mixedId: string; scored: string; plain: string; mixed: string }
let fixtures: Promise<Fixtures> | undefined;

const exact = { type: 'exact_match', name: 'exact', expectedField: 'answer', caseSensitive: false };

/**
 * Made once for the file: two experiments on the demo dataset (one scored) to compare, and one on
 * a small dataset where one item fails and some answers miss (a mid score, an error rate, an
 * error log), so every colour a result can take is on screen.
 */
function demoFixtures(request: APIRequestContext) {
  fixtures ??= (async () => {
    const ids = await demoIds(request);
    const stamp = Date.now();
    const mixedId = await createDataset(request, `a11y-mixed-${stamp}`, [
      ['What is 1 + 1?', '2'], ['What is 2 + 2?', '4'], ['Capital of France?', 'Paris'], ['[[sim:status=400]] refused', 'x'],
      ['What is 3 + 3?', '6'], ['Colour of the sky?', 'blue'], ['What is 10 / 2?', '5'], ['Largest planet?', 'Jupiter'],
      ['What is 7 * 6?', '42'], ['Opposite of hot?', 'cold'],
    ]);
    const scored = await createDemoExperiment(request, ids, `a11y-scored-${stamp}`, { evaluators: [exact] });
    const plain = await createDemoExperiment(request, ids, `a11y-plain-${stamp}`);
    const mixed = await createDemoExperiment(request, { ...ids, datasetId: mixedId }, `a11y-mixed-${stamp}`, { evaluators: [exact] });
    for (const id of [scored, plain, mixed]) await waitForStatus(request, id, 'COMPLETED');
    return { demoId: ids.datasetId, mixedId, scored, plain, mixed };
  })();
  return fixtures;
}

async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Scan what the page settles on: nothing still loading (a table searching, an estimate on its way).
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    // The theme toggle starts on "System", which follows prefers-color-scheme.
    test.use({ colorScheme });

    test('every page has no WCAG 2.1 AA violations', async ({ page }) => {
      test.setTimeout(180_000);
      const f = await demoFixtures(page.request);
      const pages = [
        '/experiments', `/experiments/${f.mixed}`, `/experiments/${f.scored}`, '/datasets', `/datasets/${f.demoId}`,
        `/datasets/${f.mixedId}`, '/playground', `/compare?ids=${f.scored},${f.plain}`, '/settings', '/api-docs',
      ];
      for (const url of pages) {
        await open(page, url);
        expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(colorScheme === 'dark');
        await expectNoViolations(page, `${url} (${colorScheme})`);
      }
    });

    test('the sign-in page has no violations', async ({ browser }) => {
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, colorScheme });
      const page = await context.newPage();
      await open(page, '/sign-in');
      await expectNoViolations(page, `/sign-in (${colorScheme})`);
      await context.close();
    });

    test('the details sheet and the delete dialog have no violations', async ({ page }) => {
      const f = await demoFixtures(page.request);
      await open(page, `/datasets/${f.mixedId}`);
      const row = page.getByRole('table', { name: 'Experiments' }).locator(`tr[data-experiment-id="${f.mixed}"]`);
      const menu = row.getByRole('button', { name: /^Actions for / });

      await menu.click();
      await expectNoViolations(page, `row menu (${colorScheme})`, '[role="menu"]');
      await page.getByRole('menuitem', { name: 'View details' }).click();
      const sheet = page.getByRole('dialog', { name: /^Details of / });
      await expect(sheet.getByLabel('Run counts')).toContainText(/Failed\s*1/);
      await settled(sheet);
      await expectNoViolations(page, `details sheet (${colorScheme})`);
      await page.keyboard.press('Escape');
      await expect(sheet).toBeHidden();

      await menu.click();
      await page.getByRole('menuitem', { name: 'Delete…' }).click();
      const confirm = page.getByRole('dialog', { name: /Delete/ });
      await expect(confirm).toBeVisible();
      await settled(confirm);
      await expectNoViolations(page, `delete dialog (${colorScheme})`);
      await page.keyboard.press('Escape');
      await expect(confirm).toBeHidden();
    });

    test('the add-item and add-provider dialogs have no violations', async ({ page }) => {
      const f = await demoFixtures(page.request);
      await open(page, `/datasets/${f.mixedId}`);
      await page.getByRole('button', { name: 'Add item' }).click();
      const item = page.getByRole('dialog', { name: 'Add item' });
      await expect(item).toBeVisible();
      await item.getByLabel('Input JSON').fill('{"question": ');
      await expect(item.getByText(/Input is not valid JSON/)).toBeVisible();
      await settled(item);
      await expectNoViolations(page, `add item dialog with an error (${colorScheme})`);
      await page.keyboard.press('Escape');

      await open(page, '/settings');
      await page.getByRole('button', { name: 'Add provider' }).click();
      const provider = page.getByRole('dialog', { name: 'Add provider' });
      await expect(provider).toBeVisible();
      await settled(provider);
      await expectNoViolations(page, `add provider dialog (${colorScheme})`);
    });

    test('the playground has no violations while results stream in', async ({ page }) => {
      await open(page, '/playground');
      await page.getByLabel('Dataset', { exact: true }).selectOption({ label: DEMO });
      // 300 calls one at a time: still running while it is scanned.
      await page.getByLabel('Repetitions').fill('10');
      await page.getByLabel('Max concurrency').fill('1');
      await page.getByLabel('Record', { exact: true }).uncheck();
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const results = page.getByRole('table', { name: 'Results' });
      await expect(results.getByRole('row').nth(3)).toBeVisible();
      const stop = page.getByRole('button', { name: 'Stop', exact: true });
      await expect(stop).toBeVisible();
      await expectNoViolations(page, `playground mid-run (${colorScheme})`);
      await expect(stop).toBeVisible();
      await stop.click();
      await expect(page.getByRole('region', { name: 'Results' }).getByText('Stopped', { exact: true })).toBeVisible();
    });
  });
}
