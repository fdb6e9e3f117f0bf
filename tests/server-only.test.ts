import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_CONDITION } from '../lib/config';

// The modules that open a connection or hold a secret: each starts with `import 'server-only'`.
const MARKED = [
  'lib/db/client.ts', 'lib/db/embedded-postgres.ts', 'lib/queue/boss.ts', 'lib/auth/auth.ts',
  'lib/server/context.ts', 'lib/crypto/secret-box.ts', 'lib/crypto/secret-file.ts',
];
// Loaded outside Next's server bundles without the condition (Playwright's config and specs, proxy.ts,
// instrumentation.ts): they must stay unmarked.
const UNMARKED = ['lib/config.ts', 'lib/crypto/app-secret.ts', 'lib/evaluators/judge-verdict.ts'];
const SERVER_ONLY_ERROR = 'This module cannot be imported from a Client Component module';

const root = path.resolve(import.meta.dirname, '..');
const IMPORT_ARGS = "import { pathToFileURL } from 'node:url'; for (const f of process.argv.slice(1)) await import(pathToFileURL(f).href);";

/** Imports `files` in order in a plain Node process with tsx's loader (what the worker and scripts run in). */
function importInNode(flags: string[], files: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', IMPORT_ARGS, ...files], {
      cwd: root, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('server-only marker', () => {
  it(`a plain Node process without ${SERVER_CONDITION} cannot load a marked module`, async () => {
    // One process each: a process that caught the marker's error once may load the next marked module.
    const results = await Promise.all(MARKED.map(async (file) => {
      const { code, stderr } = await importInNode([], [file]);
      return { file, failed: code !== 0, byMarker: stderr.includes(SERVER_ONLY_ERROR) };
    }));
    expect(results).toEqual(MARKED.map((file) => ({ file, failed: true, byMarker: true })));
  });

  it(`with ${SERVER_CONDITION} (the worker's and the scripts' flag) every marked module loads`, async () => {
    const { code, stderr } = await importInNode([SERVER_CONDITION], MARKED);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('the modules plain tools load stay unmarked', async () => {
    const { code, stderr } = await importInNode([], UNMARKED);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
