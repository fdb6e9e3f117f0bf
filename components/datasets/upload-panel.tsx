'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { detectFormat, parseRecords, type ParsedRecord, type UploadFormat } from '@/lib/datasets/parse-upload';
import { columnMappingSchema, suggestMapping, type ColumnMapping } from '@/lib/datasets/column-mapping';
import { itemFromRecord } from '@/lib/datasets/record-item';
import { UploadRejectedError } from '@/lib/datasets/upload-limits';
import { formatBytes, LIMITS, type UploadLimits } from '@/lib/limits';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatInt } from '@/components/format';
import { JsonCell } from './json-cell';
import { chunksOf, FORMAT_LABEL, unreadable, useUploadCount } from './use-upload-count';
import { ScrollBox } from '@/components/ui/scroll-box';

type Role = 'input' | 'expected' | 'metadata' | 'ignore';
const ROLES: { value: Role; label: string }[] = [
  { value: 'input', label: 'Input' },
  { value: 'expected', label: 'Expected output' },
  { value: 'metadata', label: 'Metadata' },
  { value: 'ignore', label: 'Ignore' },
];
const SAMPLE_BYTES = 64 * 1024;
const PREVIEW_ROWS = 10;

interface Preview {
  file: File;
  format: UploadFormat;
  columns: string[];
  /** The first records and any bad lines among them, in file order. */
  rows: ParsedRecord[];
}

interface Report { inserted: number; errorCount: number; errors: { line: number; error: string }[] }

const plural = (n: number, one: string, many = `${one}s`) => `${formatInt(n)} ${n === 1 ? one : many}`;

export function reportHeadline(r: Report): string {
  return `Imported ${plural(r.inserted, 'item')}${r.errorCount ? `; ${plural(r.errorCount, 'line')} skipped` : ''}`;
}

export function limitsText(limits: UploadLimits): string {
  return `Up to ${formatBytes(limits.maxBytes)} and ${plural(limits.maxRows, 'row')} per file`;
}

/** Reads the start of the file in the browser: format, columns and the first records. */
async function readPreview(file: File, limits: UploadLimits): Promise<Preview | { problem: string }> {
  if (file.size > limits.maxBytes) {
    return { problem: `This file is ${formatBytes(file.size)}; uploads are limited to ${formatBytes(limits.maxBytes)} (set UPLOAD_MAX_BYTES on the server to raise it).` };
  }
  const head = new TextDecoder().decode(await file.slice(0, SAMPLE_BYTES).arrayBuffer());
  if (head.replace(/^\uFEFF/, '').trim() === '') return { problem: 'The file is empty.' };
  const format = detectFormat(file.name, head);
  const rows: ParsedRecord[] = [];
  let records = 0;
  // Every format streams: reading stops after the first records.
  try {
    for await (const rec of parseRecords(chunksOf(file), format)) {
      rows.push(rec);
      if (rec.record && ++records >= PREVIEW_ROWS) break;
      if (rows.length >= PREVIEW_ROWS * 5) break; // a file of nothing but bad lines
    }
  } catch (err) {
    if (err instanceof UploadRejectedError) return { problem: unreadable(format, err) };
    throw err;
  }
  const columns: string[] = [];
  for (const r of rows) for (const key of Object.keys(r.record ?? {})) if (!columns.includes(key)) columns.push(key);
  if (records === 0) {
    const first = rows.find((r) => r.error);
    if (first) return { problem: `This ${FORMAT_LABEL[format]} file cannot be read: line ${first.line}: ${first.error}.` };
    return { problem: format === 'csv' ? 'The file has a header but no rows to import.' : 'The file has no records to import.' };
  }
  if (columns.length === 0) return { problem: 'No columns found: the records have no fields.' };
  return { file, format, columns, rows };
}

function toMapping(roles: Record<string, Role>, columns: string[]): ColumnMapping {
  const m: ColumnMapping = { input: [], expected: [], metadata: [] };
  for (const c of columns) {
    const role = roles[c];
    if (role && role !== 'ignore') m[role].push(c);
  }
  return m;
}

function rolesFrom(mapping: ColumnMapping, columns: string[]): Record<string, Role> {
  const roles: Record<string, Role> = {};
  for (const c of columns) {
    roles[c] = mapping.input.includes(c) ? 'input' : mapping.expected.includes(c) ? 'expected' : mapping.metadata.includes(c) ? 'metadata' : 'ignore';
  }
  return roles;
}

/**
 * Upload CSV / JSONL / JSON: preview and map columns in the browser, then stream the whole file
 * to the upload route, which keeps every good row and reports bad lines by number.
 */
export function UploadPanel({ datasetId, limits }: { datasetId: string; limits: UploadLimits }) {
  const router = useRouter();
  const fileId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [roles, setRoles] = useState<Record<string, Role>>({});
  const [uploading, setUploading] = useState<{ started: number } | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const generation = useRef(0);

  useEffect(() => {
    if (!uploading) return;
    const timer = setInterval(() => setElapsed(Date.now() - uploading.started), 250);
    return () => clearInterval(timer);
  }, [uploading]);

  const choose = async (file: File | null) => {
    const gen = ++generation.current;
    setPreview(null); setProblem(null); setError(null); setReport(null);
    if (!file) return;
    setReading(true);
    try {
      const result = await readPreview(file, limits);
      if (gen !== generation.current) return;
      if ('problem' in result) { setProblem(result.problem); return; }
      setPreview(result);
      setRoles(rolesFrom(suggestMapping(result.columns), result.columns));
    } catch (err) {
      if (gen === generation.current) setProblem(`The file cannot be read: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (gen === generation.current) setReading(false);
    }
  };

  const reset = () => {
    generation.current++;
    setPreview(null); setProblem(null); setError(null);
    if (inputRef.current) inputRef.current.value = '';
  };

  const mapping = preview ? toMapping(roles, preview.columns) : null;
  const mappingCheck = mapping ? columnMappingSchema.safeParse(mapping) : null;
  const mappingError = mappingCheck && !mappingCheck.success ? mappingCheck.error.issues[0]?.message ?? 'Check the mapping' : null;
  // Counted with the chosen mapping: the rows it will import and the lines it will skip, as the server will.
  const count = useUploadCount({ file: preview?.file ?? null, format: preview?.format ?? null, mapping: mappingError ? null : mapping, limits });

  const importFile = async () => {
    if (!preview || !mapping || mappingError) return;
    setError(null);
    setUploading({ started: Date.now() });
    setElapsed(0);
    try {
      const qs = new URLSearchParams({ format: preview.format, mapping: JSON.stringify(mapping) });
      // The File itself is the body: the browser streams it from disk, nothing is held in memory.
      const res = await fetch(`/api/datasets/${datasetId}/upload?${qs}`, {
        method: 'POST', body: preview.file, headers: { 'content-type': 'application/octet-stream' },
      });
      const body = (await res.json().catch(() => null)) as (Report & { error?: string }) | null;
      if (!res.ok || !body || typeof body.inserted !== 'number') {
        // The import is one transaction: when it fails, nothing of the file is kept.
        setError(body?.error ? `Nothing was imported: ${body.error}` : `The import failed (HTTP ${res.status}); nothing was imported, try again.`);
        return;
      }
      setReport({ inserted: body.inserted, errorCount: body.errorCount, errors: body.errors ?? [] });
      reset();
      router.refresh();
    } catch {
      setError('Could not reach the server; the file is still selected, try again.');
    } finally {
      setUploading(null);
    }
  };

  const onDrop = (ev: DragEvent) => {
    ev.preventDefault();
    setDragging(false);
    const file = ev.dataTransfer.files?.[0];
    if (file && !uploading) void choose(file);
  };

  const previewRows = preview?.rows ?? [];
  const recordsLabel = count?.done ? `Import ${plural(count.records, 'row')}` : 'Import all rows';
  const refused = count?.refused ?? null;

  return (
    <div className="space-y-4 rounded-lg border border-zinc-200 bg-zinc-50/50 p-4 dark:border-zinc-800 dark:bg-zinc-900/30">
      <div
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`flex flex-wrap items-end gap-4 rounded-md border border-dashed p-3 transition-colors ${dragging ? 'border-accent-500 bg-accent-50/60 dark:bg-accent-950/30' : 'border-zinc-300 dark:border-zinc-700'}`}
      >
        <div className="min-w-72 flex-1">
          <label htmlFor={fileId} className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">File</label>
          <Input
            ref={inputRef}
            id={fileId}
            type="file"
            accept=".csv,.jsonl,.ndjson,.json,text/csv,application/json"
            disabled={!!uploading}
            onChange={(e) => void choose(e.target.files?.[0] ?? null)}
            className="cursor-pointer file:mr-3 file:cursor-pointer file:rounded file:border-0 file:bg-zinc-100 file:px-2.5 file:py-1 file:text-xs file:font-medium file:text-zinc-700 hover:file:bg-zinc-200 dark:file:bg-zinc-800 dark:file:text-zinc-200"
          />
        </div>
        <p className="max-w-md pb-1.5 text-xs text-zinc-500 dark:text-zinc-400">
          CSV with a header row, JSON Lines (one object per line) or a JSON array of objects; drop a file here or choose one.
          Bad lines are skipped and reported; good rows are kept.
          <span className="mt-0.5 block font-medium text-zinc-600 dark:text-zinc-300">
            {limitsText(limits)}; {formatBytes(LIMITS.itemBytes)} per item.
          </span>
        </p>
      </div>

      {reading && <p role="status" className="text-xs text-zinc-500 dark:text-zinc-400">Reading the file…</p>}
      {problem && <FormError message={problem} />}

      {preview && (
        <div className="space-y-4">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{preview.file.name}</span>
            <span className="rounded bg-zinc-200/70 px-1.5 py-0.5 font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{FORMAT_LABEL[preview.format]}</span>
            <span className="tabular-nums">{formatBytes(preview.file.size)}</span>
            <span aria-live="polite" className="tabular-nums">
              {count
                ? `${plural(count.records, 'row')}${count.done ? '' : ' so far…'}${count.errorCount ? ` · ${plural(count.errorCount, 'line')} will be skipped` : ''}`
                : mappingError ? '' : 'Counting rows…'}
            </span>
          </div>

          <fieldset>
            <legend className="mb-2 text-xs font-medium text-zinc-700 dark:text-zinc-300">
              Column mapping <span className="font-normal text-zinc-500 dark:text-zinc-400">(from the first {PREVIEW_ROWS} records; ignored columns are not imported)</span>
            </legend>
            <div className="grid grid-cols-[repeat(auto-fill,minmax(13rem,1fr))] gap-2">
              {preview.columns.map((col) => (
                <ColumnRole key={col} column={col} role={roles[col] ?? 'ignore'} disabled={!!uploading}
                  onChange={(role) => setRoles((r) => ({ ...r, [col]: role }))} />
              ))}
            </div>
            {mappingError && <p role="alert" className="mt-2 text-xs text-red-600 dark:text-red-400">{mappingError}</p>}
          </fieldset>

          <div className="space-y-1.5">
            <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Preview <span className="font-normal text-zinc-500 dark:text-zinc-400">(as the items will be stored)</span></p>
            <Table aria-label="Upload preview" className="table-fixed">
              <THead>
                <Th numeric className="w-16">Line</Th>
                <Th className="w-[40%]">Input</Th>
                <Th className="w-[28%]">Expected output</Th>
                <Th>Metadata</Th>
              </THead>
              <tbody>
                {previewRows.map((r, i) => {
                  // Keyed by position: the items of a one-line JSON array all start on line 1.
                  if (!r.record) {
                    return (
                      <Tr key={i} className="bg-red-50/60 dark:bg-red-950/20">
                        <Td numeric className="text-red-600 dark:text-red-400">{r.line}</Td>
                        <Td colSpan={3} className="text-xs text-red-700 dark:text-red-300">Skipped: {r.error}</Td>
                      </Tr>
                    );
                  }
                  const judged = mapping && !mappingError ? itemFromRecord(r.record, mapping) : null;
                  const m = judged?.item;
                  return (
                    <Tr key={i} className={judged && !judged.ok ? 'bg-red-50/60 dark:bg-red-950/20' : undefined}>
                      <Td numeric className="text-zinc-500 dark:text-zinc-400">{r.line}</Td>
                      <Td>{judged && !judged.ok ? <span className="text-xs text-red-700 dark:text-red-300">Skipped: {judged.problem}</span> : <JsonCell value={m?.input} />}</Td>
                      <Td><JsonCell value={m?.expectedOutput} /></Td>
                      <Td><JsonCell value={m?.metadata} /></Td>
                    </Tr>
                  );
                })}
              </tbody>
            </Table>
          </div>

          {count && count.errors.length > 0 && (
            <details className="text-xs">
              <summary className="cursor-pointer text-amber-700 dark:text-amber-400">
                {plural(count.errorCount, 'line')} of the file will be skipped{count.done ? '' : ' (so far)'}: show which
              </summary>
              <ProblemList errors={count.errors} total={count.errorCount} />
            </details>
          )}

          <FormError message={refused ?? error} />
          <div className="flex items-center gap-3">
            <Button variant="primary" onClick={() => void importFile()} disabled={!!uploading || !!mappingError || !!refused || (count?.done && count.records === 0)}>
              {uploading ? 'Uploading…' : recordsLabel}
            </Button>
            <Button variant="ghost" onClick={reset} disabled={!!uploading}>Cancel</Button>
            {uploading && (
              <div role="status" className="flex min-w-0 flex-1 items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
                <svg viewBox="0 0 16 16" width="14" height="14" className="animate-spin text-accent-500" aria-hidden>
                  <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
                  <path d="M14 8a6 6 0 0 0-6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
                </svg>
                <span className="tabular-nums">
                  Uploading and importing {formatBytes(preview.file.size)}… {Math.floor(elapsed / 1000)} s
                </span>
              </div>
            )}
          </div>
        </div>
      )}

      {report && <ImportReport report={report} onDismiss={() => setReport(null)} />}
    </div>
  );
}

function ColumnRole({ column, role, onChange, disabled }: { column: string; role: Role; onChange: (r: Role) => void; disabled: boolean }) {
  const id = useId();
  const tone = role === 'input' ? 'border-l-accent-500' : role === 'expected' ? 'border-l-emerald-500' : role === 'metadata' ? 'border-l-amber-500' : 'border-l-zinc-300 dark:border-l-zinc-700';
  return (
    <div className={`rounded-md border border-l-[3px] border-zinc-200 bg-white px-2.5 py-2 dark:border-zinc-800 dark:bg-zinc-900 ${tone}`}>
      <label htmlFor={id} className="mb-1 block truncate font-mono text-xs text-zinc-800 dark:text-zinc-200" title={column}>{column}</label>
      <Select
        compact
        id={id}
        aria-label={`Mapping for ${column}`}
        value={role}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as Role)}
        className={role === 'ignore' ? 'text-zinc-500 dark:text-zinc-400' : undefined}
      >
        {ROLES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
      </Select>
    </div>
  );
}

function ProblemList({ errors, total }: { errors: { line: number; error: string }[]; total: number }) {
  return (
    <ScrollBox className="mt-2 max-h-48 overflow-y-auto rounded-md border border-zinc-200 bg-white p-2 dark:border-zinc-800 dark:bg-zinc-950" label="Skipped lines, scrollable">
      <ul aria-label="Skipped lines" className="space-y-0.5 font-mono text-xs">
        {errors.map((e, i) => (
          <li key={`${e.line}-${i}`} className="flex gap-3">
            <span className="w-20 shrink-0 text-right tabular-nums text-zinc-500 dark:text-zinc-400">Line {formatInt(e.line)}</span>
            <span className="text-red-700 dark:text-red-300">{e.error}</span>
          </li>
        ))}
        {total > errors.length && <li className="pl-[5.75rem] text-zinc-500 dark:text-zinc-400">…and {plural(total - errors.length, 'more line')}</li>}
      </ul>
    </ScrollBox>
  );
}

function ImportReport({ report, onDismiss }: { report: Report; onDismiss: () => void }) {
  const clean = report.errorCount === 0;
  return (
    <div role="status" className={`rounded-md border px-3.5 py-3 ${clean
      ? 'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900/60 dark:bg-emerald-950/30 dark:text-emerald-200'
      : 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200'}`}>
      <div className="flex items-start justify-between gap-4">
        <div>
          <p className="font-medium">{reportHeadline(report)}</p>
          {!clean && <p className="mt-0.5 text-xs opacity-80">The skipped lines are listed below; fix them and upload just those rows again if you need them.</p>}
        </div>
        <Button variant="ghost" size="sm" onClick={onDismiss}>Dismiss</Button>
      </div>
      {!clean && <ProblemList errors={report.errors} total={report.errorCount} />}
    </div>
  );
}
