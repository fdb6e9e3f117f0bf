import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_JUDGE_TEMPLATE } from '../lib/evaluators/judge-verdict';
import { createExperiment, EXACT_ANSWER } from './support/demo';

const DEMO = 'Demo: quick questions';
const SHOTS = 'test-results/screenshots';

async function openDemo(page: Page) {
  await page.goto('/datasets');
  await page.getByRole('link', { name: new RegExp(DEMO) }).first().click();
  await expect(page.getByRole('heading', { name: DEMO, level: 1 })).toBeVisible();
  const datasetId = new URL(page.url()).pathname.split('/').pop()!;
  const providerId = await page.getByLabel('Provider', { exact: true }).inputValue();
  return { datasetId, providerId };
}

async function runFromForm(page: Page, name: string, userMessage?: string) {
  // The form suggests a name once it is hydrated: typing before that would be overwritten.
  await expect(page.getByLabel('Name', { exact: true })).not.toHaveValue('');
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (userMessage) await page.getByLabel('User message').fill(userMessage);
  await page.getByRole('button', { name: 'Run experiment' }).click();
  return page.getByRole('table', { name: 'Experiments' }).getByRole('row', { name: new RegExp(name) });
}

/** The dataset page's form has no evaluator fields: experiments with evaluators go through the API. */
async function runWithEvaluators(page: Page, p: { datasetId: string; providerId: string; name: string; system: string; model?: string }) {
  return createExperiment(page.request, {
    datasetId: p.datasetId, name: p.name,
    config: {
      template: { messages: [{ role: 'system', content: p.system }, { role: 'user', content: '{{question}}' }] },
      providerConnectionId: p.providerId, model: p.model ?? 'sim-small', params: { temperature: 0 },
      evaluators: [EXACT_ANSWER, { type: 'llm_judge', name: 'judge', providerConnectionId: p.providerId, model: 'sim-judge', template: DEFAULT_JUDGE_TEMPLATE }],
    },
  });
}

test('details sheet, compare and the experiment page', async ({ page }) => {
  test.setTimeout(180_000);
  const { datasetId, providerId } = await openDemo(page);
  const stamp = Date.now();

  // One experiment from the form; the details sheet opens over the table from the row menu.
  const plain = `views-plain-${stamp}`;
  const plainRow = await runFromForm(page, plain);
  await expect(plainRow.getByText(/Completed/i)).toBeVisible({ timeout: 30_000 });

  const menuButton = plainRow.getByRole('button', { name: `Actions for ${plain}` });
  await menuButton.click();
  await page.getByRole('menuitem', { name: 'View details' }).click();
  const sheet = page.getByRole('dialog', { name: `Details of ${plain}` });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByLabel('Run counts')).toContainText(/Succeeded\s*30/);
  await expect(sheet.getByLabel('Run counts')).toContainText(/Pending\s*0/);
  await expect(sheet.getByLabel('Prompt messages')).toContainText('{{question}}');
  await expect(sheet.getByText('Local simulator')).toBeVisible();
  await expect(sheet.getByText('No errors logged.')).toBeVisible();
  // The table stays on the page behind the sheet.
  await expect(page.getByRole('table', { name: 'Experiments', includeHidden: true })).toBeAttached();
  await page.screenshot({ path: `${SHOTS}/details-sheet.png` });
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(menuButton).toBeFocused();

  // Two experiments with evaluators, different system prompts (so some outputs differ).
  const base = `views-base-${stamp}`;
  const cand = `views-cand-${stamp}`;
  await runWithEvaluators(page, { datasetId, providerId, name: base, system: 'You are a precise assistant. Answer with the result only.' });
  await runWithEvaluators(page, { datasetId, providerId, name: cand, system: 'Answer in as few words as you can.', model: 'sim-large' });
  await page.reload();
  const table = page.getByRole('table', { name: 'Experiments' });
  const baseRow = table.getByRole('row', { name: new RegExp(base) });
  const candRow = table.getByRole('row', { name: new RegExp(cand) });
  await expect(baseRow.getByText(/Completed/i)).toBeVisible({ timeout: 45_000 });
  await expect(candRow.getByText(/Completed/i)).toBeVisible({ timeout: 45_000 });
  // Evaluator averages and evaluation progress in the table.
  await expect(baseRow.getByTestId('evaluator-averages')).toContainText(/exact\s*[\d.]+/);
  await expect(baseRow.getByTestId('evaluator-averages')).toContainText(/judge\s*[\d.]+/);
  await expect(baseRow.getByText(/evals \d+\/60/)).toBeVisible();

  // Pick both and compare.
  await baseRow.getByRole('checkbox', { name: `Select ${base} to compare` }).check();
  await candRow.getByRole('checkbox', { name: `Select ${cand} to compare` }).check();
  await page.getByRole('table', { name: 'Experiments' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/experiments-table-scores.png` });
  await page.getByRole('link', { name: 'Compare (2)' }).click();
  await expect(page).toHaveURL(/\/compare\?ids=/);
  await expect(page.getByRole('heading', { name: 'Compare experiments', level: 1 })).toBeVisible();
  const aggregates = page.getByRole('table', { name: 'Aggregates' });
  await expect(aggregates.getByRole('row', { name: new RegExp(base) })).toContainText('Baseline');
  await expect(aggregates.getByRole('row', { name: new RegExp(cand) })).toContainText('100%');
  await expect(page.getByRole('table', { name: 'Scores: exact' }).getByTestId('n').first()).toHaveText('30');
  const items = page.getByRole('table', { name: 'Items' });
  await expect(items.getByRole('columnheader', { name: new RegExp(base) })).toBeVisible();
  await expect(items.getByRole('columnheader', { name: new RegExp(cand) })).toBeVisible();
  await expect(items.getByRole('row')).toHaveCount(31);
  await page.screenshot({ path: `${SHOTS}/compare.png`, fullPage: true });

  // Swapping the baseline keeps both and moves the tag.
  await page.getByLabel('Baseline').selectOption({ label: cand });
  await expect(page).toHaveURL(/baseline=/);
  await expect(aggregates.getByRole('row', { name: new RegExp(cand) })).toContainText('Baseline');

  // The experiment page: every run, filters, and a run's exact request.
  await aggregates.getByRole('link', { name: base }).click();
  await expect(page.getByRole('heading', { name: base, level: 1 })).toBeVisible();
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(31);
  await expect(runs.getByRole('columnheader', { name: 'judge' })).toBeVisible();
  await expect(page.getByLabel('Summary')).toContainText('exact');

  await page.getByRole('radio', { name: /Failed/ }).check();
  await expect(page).toHaveURL(/status=failed/);
  await expect(runs.getByText('No runs match these filters.')).toBeVisible();
  await page.getByRole('radio', { name: /Succeeded/ }).check();
  await expect(runs.getByRole('row')).toHaveCount(31);
  await page.getByRole('radio', { name: /^All/ }).check();

  // Score filter: exact ≥ 0 matches every scored run.
  const scoreFilter = page.getByRole('form', { name: 'Score filter' });
  await scoreFilter.getByLabel('Evaluator').selectOption('exact');
  await scoreFilter.getByLabel('Comparison').selectOption({ label: '≥' });
  await scoreFilter.getByLabel('Score value').fill('0');
  await scoreFilter.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/evaluator=exact&op=gte&score=0/);
  await expect(runs.getByRole('row')).toHaveCount(31);
  await scoreFilter.getByRole('button', { name: /Clear/ }).click();
  await expect(page).not.toHaveURL(/evaluator=/);
  await page.screenshot({ path: `${SHOTS}/experiment-page.png`, fullPage: true });

  const openFirst = runs.getByRole('button', { name: 'Open run 1', exact: true });
  await openFirst.click();
  const run = page.getByRole('dialog', { name: /^Run #1\b/ });
  await expect(run).toBeVisible();
  const request = run.getByRole('figure', { name: 'Request sent' });
  await expect(request).toContainText('messages');
  await expect(request).toContainText('sim-small');
  await expect(run.getByRole('figure', { name: 'Response received' })).toContainText('choices');
  await page.screenshot({ path: `${SHOTS}/run-detail.png` });
  await page.keyboard.press('Escape');
  await expect(run).toBeHidden();
  await expect(openFirst).toBeFocused();

  // The page's Details button opens the same sheet.
  await page.getByRole('button', { name: 'Details', exact: true }).click();
  await expect(page.getByRole('dialog', { name: `Details of ${base}` }).getByLabel('Evaluators')).toContainText('LLM judge');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Details', exact: true })).toBeFocused();
});

test('the error log lists every failed call, with its source and item', async ({ page }) => {
  await openDemo(page);
  const name = `views-errors-${Date.now()}`;
  // The simulator answers this directive with HTTP 400: every run fails; five in a row trip the breaker.
  const row = await runFromForm(page, name, '{{question}} [[sim:status=400]]');
  await expect(row.getByText(/^Error$/)).toBeVisible({ timeout: 30_000 });

  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'View details' }).click();
  const sheet = page.getByRole('dialog', { name: `Details of ${name}` });
  await expect(sheet.getByRole('alert').filter({ hasText: 'Last error' })).toContainText('400');
  const log = sheet.getByRole('list', { name: 'Error log' });
  await expect(log.locator('li[data-source="task"]').first()).toContainText('HTTP 400');
  await expect(sheet.getByTestId('error-total')).toContainText(/\d+ errors logged/);
  await expect(log.locator('li[data-source="system"]').first()).toContainText(/consecutive/);

  await sheet.getByLabel('Source').selectOption('task');
  await expect(log.locator('li[data-source="system"]')).toHaveCount(0);
  await expect(log.locator('li[data-source="task"]').first()).toBeVisible();
  await sheet.getByRole('button', { name: /Error log \(\d+\)/ }).click();
  await expect(sheet.getByRole('heading', { name: 'Error log' })).toBeInViewport();
  await page.screenshot({ path: `${SHOTS}/details-sheet-errors.png` });

  // An entry's item link opens the experiment page filtered to that item.
  await log.getByRole('link', { name: /^item / }).first().click();
  await expect(page).toHaveURL(/\/experiments\/[0-9a-f-]+\?item=/);
  await expect(sheet).toBeHidden();
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(2);
  await expect(runs.getByRole('row').nth(1)).toContainText('400');
  await expect(page.getByRole('button', { name: 'Show all items' })).toBeVisible();
});
