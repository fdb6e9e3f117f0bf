import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoViolations } from './support/axe';
import { createExperiment, EXACT_ANSWER, QUESTION_PROMPT, uploadDataset, waitForEvaluations, waitForStatus } from './support/demo';

// Readable results: values as key/value trees, counts that lead to what they count, charts of the
// score and latency distributions, and toasts that keep clear of the details sheet.

const SHOTS = process.env.E2E_SHOTS_DIR ?? 'test-results/screenshots';

// Eight items: two fail at the provider (HTTP 400, no retry), one lacks {{question}} (skipped).
const ITEMS = [
  { question: 'What is 2 + 2?', answer: '4', context: { source: 'arithmetic', tags: ['easy', 'sum'], level: 1 } },
  { question: 'What is 3 + 3?', answer: '6' },
  { question: 'Fail please [[sim:status=400]]', answer: 'x' },
  { question: 'What is 5 + 5?', answer: '10' },
  { topic: 'no question here', answer: '?' },
  { question: 'What is 1 + 1?', answer: '2' },
  { question: 'Another failure [[sim:status=400]]', answer: 'y' },
  { question: 'uppercase: hello', answer: 'HELLO' },
];

async function setUp(page: Page) {
  const stamp = Date.now();
  const datasetId = await uploadDataset(page.request, `readable-${stamp}`, ITEMS, { input: ['question', 'topic', 'context'], expected: ['answer'] });
  await page.goto(`/datasets/${datasetId}`);
  const providerId = await page.getByLabel('Provider', { exact: true }).inputValue();
  const name = `readable-${stamp}`;
  const id = await createExperiment(page.request, {
    datasetId, name,
    config: {
      template: QUESTION_PROMPT, providerConnectionId: providerId, model: 'sim-small', params: { temperature: 0 }, budgetUsd: 10,
      evaluators: [EXACT_ANSWER, { type: 'contains', name: 'has4', value: '4' }],
    },
  });
  await waitForStatus(page.request, id, 'COMPLETED');
  // Evaluations land after the runs: wait for all ten (five answered runs, two evaluators).
  await waitForEvaluations(page.request, id, 10);
  return { datasetId, id, name };
}

const boxesOverlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function counts(table: Locator): Promise<number[]> {
  return (await table.locator('tbody td').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
}

test('charts, links from counts, trees and toasts beside the sheet', async ({ page }) => {
  test.setTimeout(180_000);
  const { datasetId, id, name } = await setUp(page);

  // ---- The experiment page: distributions counted by the server.
  await page.goto(`/experiments/${id}`);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const charts = page.getByRole('region', { name: 'Distributions' });
  await expect(charts).toBeVisible();
  const exact = charts.getByRole('figure', { name: 'Scores of exact' });
  const latency = charts.getByRole('figure', { name: 'Latency' });
  await expect(exact).toContainText('5 scores');
  await expect(latency).toContainText('5 answered runs');
  // The bars are drawn (recharts' SVG), and the same numbers are a table that adds up.
  await expect(latency.locator('svg .recharts-bar-rectangle').first()).toBeAttached();
  await latency.getByRole('button', { name: 'Data' }).click();
  await expect(latency.getByRole('table')).toBeVisible();
  expect((await counts(latency.getByRole('table'))).reduce((a, b) => a + b, 0)).toBe(5);
  expect((await counts(exact.getByRole('table', { includeHidden: true }))).reduce((a, b) => a + b, 0)).toBe(5);
  await expectNoViolations(page, 'the distributions', '[aria-labelledby="distributions-heading"]');
  await page.screenshot({ path: `${SHOTS}/readable-experiment-page.png`, fullPage: true });

  // ---- "2 failed" leads to the failed runs.
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(8); // the header, five answered runs and two failed
  await page.getByRole('link', { name: '2 failed: show the failed runs' }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(runs.getByRole('row')).toHaveCount(3);
  await expect(runs.locator('tbody tr[data-run-status="FAILED"]')).toHaveCount(2);
  await page.getByRole('radio', { name: /^All/ }).check();
  await expect(runs.getByRole('row')).toHaveCount(8); // the header, five answered runs and two failed

  // ---- The run's detail: its input as key/value rows, nested values folded and openable.
  await runs.getByRole('button', { name: 'Open run 1', exact: true }).click();
  const run = page.getByRole('dialog', { name: /^Run #1\b/ });
  const input = run.getByRole('list', { name: 'Input' });
  await expect(input).toContainText('What is 2 + 2?');
  const context = input.getByRole('button', { name: /context/ });
  await expect(context).toHaveAttribute('aria-expanded', 'true');
  await expect(input).toContainText('arithmetic');
  const tags = input.getByRole('button', { name: /tags/ });
  await expect(tags).toHaveAttribute('aria-expanded', 'true');
  await tags.press('Enter');
  await expect(tags).toHaveAttribute('aria-expanded', 'false');
  await expect(input).not.toContainText('easy');
  await tags.press('Space');
  await expect(input).toContainText('easy');
  await expectNoViolations(page, 'a run\'s input, expected and output', '#run-io');
  await page.screenshot({ path: `${SHOTS}/readable-run-detail.png` });
  await page.keyboard.press('Escape');
  await expect(run).toBeHidden();

  // ---- "Skipped 1" in the details sheet opens the error log on the system's entries.
  await page.getByRole('button', { name: 'Details', exact: true }).click();
  const sheet = page.getByRole('dialog', { name: `Details of ${name}` });
  await sheet.getByLabel('Run counts').getByRole('button', { name: '1 skipped item: show it in the error log' }).click();
  await expect(sheet.getByLabel('Source')).toHaveValue('system');
  await expect(sheet.getByRole('heading', { name: 'Error log' })).toBeFocused();
  await expect(sheet.getByRole('list', { name: 'Error log' }).locator('li[data-source="system"]').first()).toContainText('skipped_item');

  // ---- A toast while the sheet is open sits beside it, not over it.
  const editor = sheet.getByRole('form', { name: 'Budget cap' });
  await editor.getByLabel('Budget cap ($)').fill('20');
  await editor.getByRole('button', { name: 'Save' }).click();
  // Outside the modal sheet, the toaster is hidden from the accessibility tree meanwhile: find it by its markup.
  const toast = page.locator('[data-sonner-toast]').filter({ hasText: 'Budget cap set to' });
  await expect(toast).toBeVisible();
  const [toastBox, sheetBox] = [await toast.boundingBox(), await sheet.boundingBox()];
  expect(toastBox && sheetBox && boxesOverlap(toastBox, sheetBox)).toBe(false);
  await page.screenshot({ path: `${SHOTS}/readable-toast-beside-sheet.png` });
  // Dismissing the toast leaves the sheet open.
  await toast.locator('[data-close-button]').click();
  await expect(toast).toHaveCount(0);
  await expect(sheet).toBeVisible();

  // "Failed 2" in the sheet is a link to the failed runs; following it closes the sheet.
  await sheet.getByLabel('Run counts').getByRole('link', { name: '2 failed runs: show them' }).click();
  await expect(sheet).toBeHidden();
  await expect(page).toHaveURL(/status=failed/);
  await expect(runs.getByRole('row')).toHaveCount(3);

  // ---- The experiments table's "1 skipped" opens this page on the error log.
  await page.goto(`/datasets/${datasetId}`);
  const row = page.getByRole('table', { name: 'Experiments' }).getByRole('row', { name: new RegExp(name) });
  await row.getByRole('link', { name: '1 skipped' }).click();
  await expect(page).toHaveURL(new RegExp(`/experiments/${id}`));
  const opened = page.getByRole('dialog', { name: `Details of ${name}` });
  await expect(opened).toBeVisible();
  await expect(opened.getByLabel('Source')).toHaveValue('system');
  await page.keyboard.press('Escape');

  // ---- The dataset's items: one line each, a tree when opened; the edit dialog previews one too.
  await page.goto(`/datasets/${datasetId}`);
  const items = page.getByRole('table', { name: 'Items' });
  await expect(items.getByText('"question":"What is 2 + 2?"', { exact: false })).toBeVisible();
  await items.getByRole('button', { name: 'Show item 1' }).click();
  const item = items.getByRole('list', { name: 'Input' });
  await expect(item.getByRole('button', { name: /context/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(item).toContainText('arithmetic');
  await items.scrollIntoViewIfNeeded();
  await expectNoViolations(page, 'the items table with a tree open', '[aria-label="Items"]');
  await page.screenshot({ path: `${SHOTS}/readable-items-tree.png` });
  await items.getByRole('button', { name: 'Edit item 1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit item' });
  await dialog.getByRole('button', { name: 'Show as tree' }).first().click();
  await expect(dialog.getByRole('list', { name: 'Input JSON as a tree' })).toContainText('easy');
  await page.screenshot({ path: `${SHOTS}/readable-item-dialog.png` });

  await page.keyboard.press('Escape');

  // The charts in the dark theme (the screenshot is for a person to look at).
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`/experiments/${id}`);
  await expect(page.getByRole('region', { name: 'Distributions' }).locator('svg .recharts-bar-rectangle').first()).toBeAttached();
  await page.screenshot({ path: `${SHOTS}/readable-experiment-page-dark.png` });
  await expectNoViolations(page, 'the distributions, dark', '[aria-labelledby="distributions-heading"]');
});
