// Exports: 100,000 runs (25,000 items × 2 repetitions × 2 variants, outputs of about
// 1 KB, written straight into the tables) downloaded through the export route into a file, by a
// process of its own: once with Node's default heap (the time a user waits), once with a 64 MB
// heap that could not hold the runs at once (the memory an export needs). A database of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bulkExperiment } from '../tests/helpers/bulk-runs';
import { runExportProcess } from '../tests/helpers/export-process';
import type { BenchScenario } from './scenario';
import { migratedDatabase } from './kit';

const SMALL_HEAP_MB = 64;

const exportScenario: BenchScenario = {
  name: 'export_100k (CSV and JSONL of 100k runs through the export route)',
  quick: false,
  run: async (bench, report) => {
    const { url, db } = await migratedDatabase(bench, 'bench_export');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'));
    try {
      const seeded = Date.now();
      const e = await bulkExperiment(db, { items: 25_000, repetitions: 2, variants: 2, outputChars: 1024 });
      report.context(`seeded ${e.runs.toLocaleString('en-US')} runs in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
      const once = async (format: 'csv' | 'jsonl', heapMb: number | null) => {
        const run = await runExportProcess(url, heapMb, { EXPORT_ID: e.experimentId, EXPORT_FORMAT: format, EXPORT_OUT: path.join(dir, `export.${format}`) });
        if (run.code !== 0 || !run.result) throw new Error(`the ${format} export exited ${run.code}: ${run.stderr.slice(-2000)}`);
        const r = run.result;
        report.context(`${format}, ${heapMb ? `${heapMb} MB heap` : 'default heap'}: ${(Number(r.bytes) / 1024 / 1024).toFixed(1)} MB in ${Number(r.seconds).toFixed(2)} s; `
          + `peak RSS ${Number(r.peakRssMb).toFixed(1)} MB (${Number(r.startRssMb).toFixed(1)} MB before the export)`);
        return { seconds: Number(r.seconds), peakRssMb: Number(r.peakRssMb), startRssMb: Number(r.startRssMb), bytes: Number(r.bytes) };
      };
      const csv = await once('csv', null);
      const jsonl = await once('jsonl', null);
      const small = await once('csv', SMALL_HEAP_MB);
      report.detail('export_100k', { runs: e.runs, csv, jsonl, smallHeap: { heapMb: SMALL_HEAP_MB, ...small } });
      report.figure('export_100k_s', csv.seconds, 2);
      report.figure('export_100k_jsonl_s', jsonl.seconds, 2);
      report.figure('export_100k_heap64_s', small.seconds, 2);
      report.figure('export_100k_heap64_peak_rss_mb', small.peakRssMb, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export const exportScenarios: BenchScenario[] = [exportScenario];
