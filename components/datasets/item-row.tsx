'use client';

import { useId, useState } from 'react';
import { RelativeTime } from '@/components/ui/relative-time';
import { Td, Tr } from '@/components/ui/table';
import { JsonTree } from '@/components/data/json-tree';
import { JsonCell } from './json-cell';
import { ItemRowActions } from './item-row-actions';

export interface ItemRowData { id: string; input: unknown; expectedOutput: unknown; metadata: unknown; createdAt: Date | string }

/**
 * One item: a line of compact JSON per value; the row number opens the item below the row as
 * key/value trees (input, expected output, metadata side by side).
 */
export function ItemRow({ item, index, colCount, editDatasetId }: { item: ItemRowData; index: number; colCount: number; editDatasetId?: string }) {
  const [open, setOpen] = useState(false);
  const detailId = useId();
  return (
    <>
      <Tr data-item-id={item.id} className={open ? 'border-b-0 bg-zinc-50/70 dark:bg-zinc-900/40' : undefined}>
        <Td numeric className="py-1">
          <button type="button" aria-expanded={open} aria-controls={open ? detailId : undefined} aria-label={`Show item ${index}`}
            onClick={() => setOpen((o) => !o)}
            className="inline-flex items-center gap-1 rounded px-1 py-0.5 text-xs tabular-nums text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">
            <svg viewBox="0 0 16 16" width="8" height="8" aria-hidden fill="currentColor" className={`transition-transform ${open ? 'rotate-90' : ''}`}><path d="M5 3l6 5-6 5z" /></svg>
            {index}
          </button>
        </Td>
        <Td><JsonCell value={item.input} /></Td>
        <Td><JsonCell value={item.expectedOutput} /></Td>
        <Td><JsonCell value={item.metadata} /></Td>
        <Td numeric className="text-zinc-500 dark:text-zinc-400"><RelativeTime value={item.createdAt} /></Td>
        {editDatasetId && (
          <Td className="py-1">
            <ItemRowActions
              datasetId={editDatasetId}
              index={index}
              item={{ id: item.id, input: item.input, expectedOutput: item.expectedOutput, metadata: item.metadata }}
            />
          </Td>
        )}
      </Tr>
      {open && (
        <tr id={detailId} className="border-b border-zinc-100 bg-zinc-50/70 dark:border-zinc-800/70 dark:bg-zinc-900/40">
          <td colSpan={colCount} className="px-3 pb-3 pt-1">
            <dl className="grid gap-3 text-xs leading-relaxed sm:grid-cols-3">
              {([['Input', item.input], ['Expected output', item.expectedOutput], ['Metadata', item.metadata]] as const).map(([label, value]) => (
                <div key={label} className="min-w-0 rounded-md border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-950">
                  <dt className="mb-1 text-[11px] font-medium text-zinc-600 dark:text-zinc-400">{label}</dt>
                  <dd className="min-w-0">
                    {value === null || value === undefined
                      ? <span className="text-zinc-500 dark:text-zinc-400">none</span>
                      : <JsonTree value={value} label={label} openDepth={3} />}
                  </dd>
                </div>
              ))}
            </dl>
          </td>
        </tr>
      )}
    </>
  );
}
