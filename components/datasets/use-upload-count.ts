'use client';

import { useEffect, useState } from 'react';
import { parseRecords, type UploadFormat } from '@/lib/datasets/parse-upload';
import type { ColumnMapping } from '@/lib/datasets/column-mapping';
import { itemFromRecord } from '@/lib/datasets/record-item';
import { UploadRejectedError } from '@/lib/datasets/upload-limits';
import type { UploadLimits } from '@/lib/limits';
import { formatInt } from '@/components/format';

/** Skipped lines kept for the list under the preview (the count has them all). */
const KEPT_PROBLEMS = 50;
const PAINT_MS = 200;

export interface UploadCount {
  /** Rows that become items with this mapping. */
  records: number;
  /** Lines that will be skipped: unreadable, no input value, too large. */
  errorCount: number;
  errors: { line: number; error: string }[];
  done: boolean;
  /** Why the server would refuse the whole file (a limit, an unclosed quote), found while counting. */
  refused?: string;
}

/** A Blob as byte chunks, read as they are needed (stopping early reads no further). */
export async function* chunksOf(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) { done = true; return; }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
  }
}

const plural = (n: number, one: string) => `${formatInt(n)} ${n === 1 ? one : `${one}s`}`;

export const FORMAT_LABEL: Record<UploadFormat, string> = { csv: 'CSV', jsonl: 'JSON Lines', json: 'JSON' };

/** Why a file cannot be read on, with its line when known. */
export const unreadable = (format: UploadFormat, err: UploadRejectedError) =>
  `This ${FORMAT_LABEL[format]} file cannot be read: ${err.line === undefined ? '' : `line ${formatInt(err.line)}: `}${err.reason}.`;

/**
 * The whole file, parsed in the background with the mapping the user has chosen: how many items
 * the import will make, which lines it will skip and why (the same judgement as the server's), and
 * whether the server would refuse the file, before anything is sent. Counted again when the
 * mapping changes; null while there is no file or no valid mapping.
 */
export function useUploadCount(p: {
  file: File | null; format: UploadFormat | null; mapping: ColumnMapping | null; limits: UploadLimits;
}): UploadCount | null {
  const { file, format, mapping, limits } = p;
  // Keyed by what was counted, so a count of an earlier file or mapping is never shown.
  const [state, setState] = useState<{ of: readonly unknown[]; count: UploadCount } | null>(null);
  const mappingKey = mapping ? JSON.stringify(mapping) : null;
  const of = [file, format, mappingKey] as const;

  useEffect(() => {
    if (!file || !format || !mappingKey) return;
    const counted = [file, format, mappingKey];
    const setCount = (count: UploadCount) => setState({ of: counted, count });
    const current: ColumnMapping = JSON.parse(mappingKey);
    let cancelled = false;
    void (async () => {
      const c: UploadCount = { records: 0, errorCount: 0, errors: [], done: false };
      const skip = (line: number, error: string) => {
        c.errorCount++;
        if (c.errors.length < KEPT_PROBLEMS) c.errors.push({ line, error });
      };
      let lastPaint = Date.now();
      try {
        for await (const rec of parseRecords(chunksOf(file), format)) {
          if (cancelled) return;
          if (!rec.record) skip(rec.line, rec.error ?? 'unreadable line');
          else {
            const item = itemFromRecord(rec.record, current);
            if (item.ok) c.records++; else skip(rec.line, item.problem);
          }
          if (c.records + c.errorCount > limits.maxRows) {
            c.refused = `This file has more than ${plural(limits.maxRows, 'row')}, the limit per upload (set UPLOAD_MAX_ROWS on the server to raise it). Split it and upload the parts.`;
            break;
          }
          if (Date.now() - lastPaint > PAINT_MS) { lastPaint = Date.now(); setCount({ ...c, errors: [...c.errors] }); }
        }
      } catch (err) {
        c.refused = err instanceof UploadRejectedError ? `${unreadable(format, err)} Nothing can be imported until it is fixed.` : 'The file cannot be read.';
      }
      if (!cancelled) setCount({ ...c, done: true });
    })();
    return () => { cancelled = true; };
  }, [file, format, mappingKey, limits.maxRows]);

  return state && state.of.every((v, i) => v === of[i]) ? state.count : null;
}
