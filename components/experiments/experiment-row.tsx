'use client';

import Link from 'next/link';
import { RelativeTime } from '@/components/ui/relative-time';
import { Td, Tr } from '@/components/ui/table';
import { StatusBadge } from './status-badge';
import { ProgressCell } from './progress-cell';
import { ErrorRateCell } from './error-rate-cell';
import { RowMenu } from './row-menu';
import type { Throughput } from './throughput';
import type { ExperimentRowData } from './query';

export function ExperimentRow({ e, throughput, showDataset }: { e: ExperimentRowData; throughput: Throughput | null; showDataset: boolean }) {
  return (
    <Tr data-experiment-id={e.id} data-status={e.status}>
      <Td className="max-w-72">
        <Link href={`/experiments/${e.id}`} title={e.name}
          className="block truncate font-medium text-zinc-900 hover:text-accent-600 hover:underline dark:text-zinc-100 dark:hover:text-accent-400">
          {e.name}
        </Link>
      </Td>
      {showDataset && (
        <Td className="max-w-56">
          <Link href={`/datasets/${e.datasetId}`} title={e.datasetName} className="block truncate text-zinc-600 hover:underline dark:text-zinc-400">
            {e.datasetName}
          </Link>
        </Td>
      )}
      <Td><StatusBadge status={e.status} lastError={e.lastError} /></Td>
      <Td numeric><ProgressCell e={e} throughput={throughput} /></Td>
      <Td numeric><ErrorRateCell e={e} /></Td>
      <Td><span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{e.model}</span></Td>
      <Td numeric className="text-zinc-500 dark:text-zinc-400"><RelativeTime value={e.createdAt} /></Td>
      <Td className="w-10 text-right"><RowMenu e={e} /></Td>
    </Tr>
  );
}
