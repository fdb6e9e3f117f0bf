import { expect, test, type Page } from '@playwright/test';

/** React's hydration mismatches (minified in production builds as errors #418, #423, #425). */
function watchHydrationErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && /hydrat|#418|#423|#425/i.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => { if (/hydrat|#418|#423|#425/i.test(e.message)) errors.push(e.message); });
  return errors;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A time as a datetime-local value (local time, whole seconds). */
const localInput = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

const itemsTable = (page: Page) => page.getByRole('table', { name: 'Items' });

test('upload a CSV with a bad line, map columns, edit and archive items, view an earlier version', async ({ page }) => {
  const hydrationErrors = watchHydrationErrors(page);
  const name = `e2e-upload-${Date.now()}`;
  await page.goto('/datasets');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create dataset' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  // A new dataset opens with the upload panel ready.
  await expect(page.getByText('No items yet', { exact: true })).toBeVisible();

  // Line 4 has two fields instead of four; line 8 has no input value (its input cells are empty).
  const csv = [
    'question,answer,source,notes',
    '"What is 1 + 1?",2,arithmetic,easy',
    '"Capital of France?",Paris,geography,easy',
    'broken,row',
    '"What is 2 + 3?",5,arithmetic,medium',
    '"Largest planet?",Jupiter,astronomy,medium',
    '"Boiling point of water in °C?",100,physics,hard',
    ',42,trivia,',
  ].join('\n');
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'questions.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

  // Preview: suggested mapping, adjustable per column.
  await expect(page.getByLabel('Mapping for question')).toHaveValue('input');
  await expect(page.getByLabel('Mapping for answer')).toHaveValue('expected');
  await expect(page.getByLabel('Mapping for source')).toHaveValue('metadata');
  await expect(page.getByLabel('Mapping for notes')).toHaveValue('input');
  const preview = page.getByRole('table', { name: 'Upload preview' });
  await expect(preview.getByText('{"question":"What is 1 + 1?","notes":"easy"}')).toBeVisible();
  await page.getByLabel('Mapping for notes').selectOption('metadata');
  await expect(preview.getByText('{"question":"What is 1 + 1?"}')).toBeVisible();
  await expect(preview.getByText('{"source":"arithmetic","notes":"easy"}')).toBeVisible();
  await expect(preview.getByText(/Skipped: expected 4 fields, found 2/)).toBeVisible();
  await expect(preview.getByRole('row').filter({ hasText: 'Skipped: no input value' })).toContainText('8');
  await expect(page.getByText('5 rows · 2 lines will be skipped')).toBeVisible();
  // Mapping everything away from the input is caught before sending.
  await page.getByLabel('Mapping for question').selectOption('ignore');
  await expect(page.getByRole('alert').filter({ hasText: 'Map at least one column to the input' })).toBeVisible();
  await page.getByLabel('Mapping for question').selectOption('input');

  const importButton = page.getByRole('button', { name: 'Import 5 rows' });
  await expect(importButton).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/screenshots/dataset-upload.png', fullPage: true });
  await importButton.click();

  const report = page.getByRole('status').filter({ hasText: 'Imported 5 items; 2 lines skipped' });
  await expect(report).toBeVisible();
  const skipped = report.getByRole('list', { name: 'Skipped lines' });
  await expect(skipped.getByRole('listitem').nth(0)).toHaveText(/Line 4\s*expected 4 fields, found 2/);
  await expect(skipped.getByRole('listitem').nth(1)).toHaveText(/Line 8\s*no input value/);
  await expect(itemsTable(page).getByRole('row')).toHaveCount(6); // header + 5
  await expect(page.getByText('5 items', { exact: true })).toBeVisible();
  await expect(itemsTable(page).getByText('{"notes":"easy","source":"geography"}')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/screenshots/dataset-import-report.png', fullPage: true });

  // A point in time after the import and before any edit (whole seconds, as the picker has).
  await page.waitForTimeout(1_200);
  const beforeEdits = new Date(Math.floor(Date.now() / 1000) * 1000);
  await page.waitForTimeout(1_100);

  // Add an item: live JSON validation, then a plain object.
  await page.getByRole('button', { name: 'Add item' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add item' });
  const input = dialog.getByLabel('Input JSON');
  await input.fill('{"question": "Added by hand"');
  await expect(dialog.getByText(/Input is not valid JSON/)).toBeVisible();
  await dialog.getByLabel('Metadata JSON').fill('[1, 2]');
  await expect(dialog.getByText('Metadata must be a JSON object, such as {"source": "manual"}')).toBeVisible();
  await dialog.getByLabel('Metadata JSON').fill('{"source": "manual"}');
  await input.fill('{"question": "Added by hand"}');
  await dialog.getByLabel('Expected output JSON').fill('{"answer": "yes"}');
  await dialog.getByRole('button', { name: 'Add item' }).click();
  await expect(dialog).toBeHidden();
  await expect(itemsTable(page).getByText('{"question":"Added by hand"}')).toBeVisible();
  await expect(page.getByText('6 items', { exact: true })).toBeVisible();

  // Edit item 1: the old version is archived, the new one added.
  await itemsTable(page).getByRole('button', { name: 'Edit item 1' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit item' });
  await expect(edit).toContainText('Earlier versions keep the old item');
  await expect(edit.getByLabel('Input JSON')).toHaveValue(/"question": "What is 1 \+ 1\?"/);
  await edit.getByLabel('Input JSON').fill('{"question": "What is one plus one?"}');
  await page.screenshot({ path: 'test-results/screenshots/dataset-edit-item.png' });
  await edit.getByRole('button', { name: 'Save as new version' }).click();
  await expect(edit).toBeHidden();
  await expect(itemsTable(page).getByText('{"question":"What is one plus one?"}')).toBeVisible();
  await expect(itemsTable(page).getByText('{"question":"What is 1 + 1?"}')).toHaveCount(0);

  // Archive the "Capital of France?" item (now first in the table) after confirming.
  const row = itemsTable(page).getByRole('row').filter({ hasText: 'Capital of France?' });
  await row.getByRole('button', { name: /^Archive item/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Archive this item?' });
  await expect(confirm).toContainText('{"question":"Capital of France?"}');
  await expect(confirm).toContainText('Earlier versions');
  await confirm.getByRole('button', { name: 'Archive item' }).click();
  await expect(confirm).toBeHidden();
  await expect(itemsTable(page).getByText('{"question":"Capital of France?"}')).toHaveCount(0);
  await expect(page.getByText('5 items', { exact: true })).toBeVisible();

  // The version from before the edits still has the old items, and not the new ones.
  await page.getByLabel('Version', { exact: true }).selectOption('at');
  await page.getByLabel('As of').fill(localInput(beforeEdits));
  await page.getByRole('button', { name: 'View', exact: true }).click();
  await expect(page).toHaveURL(/version=/);
  await expect(page.getByText(/Viewing the dataset as of/)).toBeVisible();
  await expect(itemsTable(page).getByText('{"question":"What is 1 + 1?"}')).toBeVisible();
  await expect(itemsTable(page).getByText('{"question":"Capital of France?"}')).toBeVisible();
  await expect(itemsTable(page).getByText('{"question":"Added by hand"}')).toHaveCount(0);
  await expect(itemsTable(page).getByText('{"question":"What is one plus one?"}')).toHaveCount(0);
  // A past version is read-only.
  await expect(itemsTable(page).getByRole('button', { name: /^Edit item/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add item' })).toHaveCount(0);
  await page.getByRole('heading', { name: 'Items' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/dataset-version.png' });

  await page.getByRole('link', { name: 'Back to latest' }).click();
  await expect(page.getByText(/Viewing the dataset as of/)).toHaveCount(0);
  await expect(itemsTable(page).getByText('{"question":"What is one plus one?"}')).toBeVisible();
  expect(hydrationErrors).toEqual([]);
});

test('an unreadable file gets a clear message and nothing is imported', async ({ page }) => {
  const name = `e2e-bad-file-${Date.now()}`;
  await page.goto('/datasets');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create dataset' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('[{"question": "a"},\n{"question": ') });
  await expect(page.getByRole('alert').filter({ hasText: /This JSON file cannot be read: line \d+: invalid JSON/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);

  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'header-only.csv', mimeType: 'text/csv', buffer: Buffer.from('question,answer\n') });
  await expect(page.getByRole('alert').filter({ hasText: 'The file has a header but no rows to import.' })).toBeVisible();
  await expect(page.getByText('No items yet', { exact: true })).toBeVisible();
});

test('a 100,000-row file of over 10 MB uploads whole from the browser', async ({ page }) => {
  test.setTimeout(180_000);
  const name = `e2e-upload-100k-${Date.now()}`;
  await page.goto('/datasets');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create dataset' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // Prompt-sized rows: the file is past the 10 MB at which a proxied request body would be cut.
  const lines = ['question,answer'];
  for (let i = 0; i < 100_000; i++) lines.push(`"Row ${i}: ${'a customer asks about a late, damaged order and a double charge. '.repeat(2)}",answer ${i}`);
  const buffer = Buffer.from(lines.join('\n') + '\n');
  expect(buffer.byteLength).toBeGreaterThan(12 * 1024 * 1024);
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer });

  // The preview reads only the head; the count of the whole file follows.
  await expect(page.getByRole('table', { name: 'Upload preview' }).getByRole('row')).toHaveCount(11);
  const importButton = page.getByRole('button', { name: 'Import 100,000 rows' });
  await expect(importButton).toBeVisible({ timeout: 60_000 });
  await importButton.click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 100,000 items' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('100,000 items', { exact: true })).toBeVisible();
});
