import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ESLint } from 'eslint';

// Each architecture rule in eslint.config.mjs must be able to fire: lint a small fixture that
// breaks it (as if the file lived in that layer) and expect that rule's message.
const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root, ignore: false });

async function rulesFiredOn(relPath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, relPath) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the lint rules that encode the layers fire', () => {
  it('lib/ never imports Next.js, React or app code', async () => {
    expect(await rulesFiredOn('lib/experiments/__fixture__.ts', "import { redirect } from 'next/navigation';\nexport const f = () => redirect('/');\n"))
      .toEqual([expect.stringMatching(/no-restricted-imports: .*lib\/ is the domain/)]);
    expect(await rulesFiredOn('lib/experiments/__fixture__.ts', "import { Sidebar } from '@/components/app-shell/sidebar';\nexport const f = Sidebar;\n"))
      .toEqual([expect.stringMatching(/lib\/ is the domain/)]);
  }, 60_000);

  it('worker/ imports lib/ only', async () => {
    expect(await rulesFiredOn('worker/__fixture__.ts', "import { stopExperimentAction } from '@/app/experiments/actions';\nexport const f = stopExperimentAction;\n"))
      .toEqual([expect.stringMatching(/worker\/ imports lib\/ only/)]);
  }, 60_000);

  it('browser code never imports a module that reaches the database (type imports are fine)', async () => {
    expect(await rulesFiredOn('components/__fixture__.tsx', "import { getDb } from '@/lib/db/client';\nexport const f = getDb;\n"))
      .toEqual([expect.stringMatching(/Browser code must not import/)]);
    expect(await rulesFiredOn('components/__fixture__.tsx', "import postgres from 'postgres';\nexport const f = postgres;\n"))
      .toEqual([expect.stringMatching(/Browser code must not import/)]);
    expect(await rulesFiredOn('components/__fixture__.tsx', "import type { Db } from '@/lib/db/client';\nexport type F = Db;\n")).toEqual([]);
  }, 60_000);

  it('cli/ reaches the app through its JSON API only', async () => {
    expect(await rulesFiredOn('cli/__fixture__.ts', "import { getExperiment } from '@/lib/experiments/queries';\nexport const f = getExperiment;\n"))
      .toEqual([expect.stringMatching(/cli\/ reaches the app through its JSON API only/)]);
    expect(await rulesFiredOn('cli/__fixture__.ts', "import postgres from 'postgres';\nexport const f = postgres;\n"))
      .toEqual([expect.stringMatching(/cli\/ reaches the app through its JSON API only/)]);
  }, 60_000);

  it('no import cycles', async () => {
    const [result] = await eslint.lintFiles([path.join(root, 'tests/lint-fixtures/cycle-a.ts')]);
    expect(result.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  }, 60_000);
});
