import { expect, test, type Page } from '@playwright/test';
import { createExperiment, EXACT_ANSWER, QUESTION_PROMPT, simulatorProviderId, uploadDataset, waitForEvaluations, waitForStatus } from './support/demo';

// Two prompts as two variants of one experiment, compared honestly: each variant's mean with its
// 95% interval and n, the paired difference against the baseline with wins / ties / losses, the
// score histograms, and the items where they disagree with both outputs side by side.

const SHOTS = 'test-results/screenshots';

// Forty sums: the simulator answers about one prompt in ten off by one, a different tenth for each
// prompt, so the two variants disagree on a few items.
const ITEMS = Array.from({ length: 40 }, (_, i) => ({ question: `What is ${i + 3} + ${2 * i + 7}?`, answer: String(3 * i + 10) }));

async function setUp(page: Page) {
  const stamp = Date.now();
  const datasetId = await uploadDataset(page.request, `compare-variants-${stamp}`, ITEMS);
  const providerId = await simulatorProviderId(page.request);
  const name = `two-prompts-${stamp}`;
  const id = await createExperiment(page.request, {
    datasetId, name,
    config: {
      template: QUESTION_PROMPT, providerConnectionId: providerId, model: 'sim-small', params: { temperature: 0 }, evaluators: [EXACT_ANSWER],
      variants: [
        { name: 'plain' },
        { name: 'terse', template: { messages: [{ role: 'system', content: 'Reply with the number only.' }, { role: 'user', content: '{{question}}' }] } },
      ],
    },
  });
  await waitForStatus(page.request, id, 'COMPLETED', 90_000);
  await waitForEvaluations(page.request, id, 80, 90_000);
  return { id, name };
}

test('compare two variants: intervals, n, wins / ties / losses, and the items where they disagree', async ({ page }) => {
  test.setTimeout(180_000);
  const { id, name } = await setUp(page);

  await page.goto(`/experiments/${id}`);
  await page.getByRole('link', { name: 'Compare variants' }).click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?experiment=${id}$`));
  await expect(page.getByRole('heading', { name: 'Compare variants', level: 1 })).toBeVisible();
  await expect(page.getByText(`2 variants of ${name}`)).toBeVisible();

  // Per evaluator: both variants with mean, interval and n; the other against the baseline.
  const scores = page.getByRole('table', { name: 'Scores: exact' });
  const base = scores.locator(`tr[data-series="${id}:0"]`);
  const other = scores.locator(`tr[data-series="${id}:1"]`);
  await expect(base).toContainText('plain');
  await expect(base).toContainText('Baseline');
  await expect(base.getByTestId('n')).toHaveText('40');
  await expect(base).toContainText(/0\.\d{3}\s*\[0\.\d{3}, [01]\.\d{3}\]/);
  await expect(other.getByTestId('n')).toHaveText('40');
  // The difference, signed, with its interval and the items it is over.
  await expect(other).toContainText(/[+−±]\d\.\d{3}\s*\[[+−]?\d\.\d{3}, [+−]?\d\.\d{3}\]\s*n=40/);
  const wtl = (await other.getByTestId('win-tie-loss').innerText()).split('/').map((s) => Number(s.trim()));
  expect(wtl).toHaveLength(3);
  expect(wtl.reduce((a, b) => a + b, 0)).toBe(40);
  expect(wtl[0] + wtl[2]).toBeGreaterThan(0);
  await expect(other.locator('[data-verdict]')).toHaveText(/^(Better|Worse|No significant difference)$/);
  // The score histogram, one series per variant.
  const chart = page.getByRole('figure', { name: /exact · distribution of item means/ });
  await expect(chart.getByRole('list', { name: 'Series' })).toContainText('terse');
  await expect(page.getByRole('table', { name: 'Aggregates' }).locator('tbody tr')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/compare-variants.png`, fullPage: true });

  // Only the items where they disagree: as many as there are wins and losses, both outputs shown.
  await page.getByLabel('Only items where they disagree').check();
  await expect(page).toHaveURL(/disagree=1/);
  const list = page.getByRole('table', { name: 'Disagreements' });
  await expect(list.locator('tbody tr')).toHaveCount(wtl[0] + wtl[2]);
  await expect(page.getByText(`${wtl[0] + wtl[2]} item${wtl[0] + wtl[2] === 1 ? '' : 's'} where they disagree`)).toBeVisible();
  const firstRow = list.locator('tbody tr').first();
  await expect(firstRow.locator('td[data-differs]')).toHaveCount(1);
  await expect(firstRow.locator('[data-item-score="exact"]')).toHaveCount(2);
  await page.getByRole('heading', { name: 'Items' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/compare-variants-disagree.png`, fullPage: true });

  // The other baseline: the same numbers seen from the other side.
  await page.getByLabel('Baseline').selectOption({ label: 'terse' });
  await expect(page).toHaveURL(new RegExp(`baseline=${id}:1`));
  await expect(scores.locator(`tr[data-series="${id}:1"]`)).toContainText('Baseline');
  const flipped = (await scores.locator(`tr[data-series="${id}:0"]`).getByTestId('win-tie-loss').innerText()).split('/').map((s) => Number(s.trim()));
  expect(flipped).toEqual([wtl[2], wtl[1], wtl[0]]);

  // Back to every item.
  await page.getByLabel('Only items where they disagree').uncheck();
  await expect(page.getByRole('table', { name: 'Items' }).locator('tbody tr')).toHaveCount(40);
});
