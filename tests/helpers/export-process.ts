import path from 'node:path';
import { spawn } from 'node:child_process';
import { nodeTsArgs } from '../../lib/config';

const root = path.resolve(import.meta.dirname, '../..');

export interface ExportProcessResult {
  code: number | null;
  /** The JSON line tests/helpers/export-child.ts prints, or null when it failed before printing it. */
  result: Record<string, number | string> | null;
  stderr: string;
}

/**
 * Runs tests/helpers/export-child.ts in a process of its own, with a heap of `heapMb` (null: Node's
 * default), against the database at `databaseUrl`; resolves when it exits.
 */
export function runExportProcess(databaseUrl: string, heapMb: number | null, env: Record<string, string>): Promise<ExportProcessResult> {
  return new Promise((resolve) => {
    const args = nodeTsArgs('tests/helpers/export-child.ts', ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []));
    const p = spawn(process.execPath, args, {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: databaseUrl, APP_SECRET: process.env.APP_SECRET!, ...env },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => {
      const line = out.trim().split('\n').pop();
      let result = null;
      try { result = line ? JSON.parse(line) : null; } catch { /* not JSON: the process failed first */ }
      resolve({ code, result, stderr: err });
    });
  });
}
