import Link from 'next/link';
import type { DatasetListRow } from '@/lib/datasets/queries';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatInt } from '@/components/format';

export function DatasetsTable({ rows }: { rows: DatasetListRow[] }) {
  return (
    <Table aria-label="Datasets">
      <THead>
        <Th>Name</Th>
        <Th numeric>Items</Th>
        <Th numeric>Experiments</Th>
        <Th numeric>Last experiment</Th>
        <Th numeric>Created</Th>
      </THead>
      <tbody>
        {rows.map((d) => (
          <Tr key={d.id}>
            <Td className="max-w-[32rem]">
              <Link href={`/datasets/${d.id}`} className="font-medium text-zinc-900 hover:text-accent-600 hover:underline dark:text-zinc-100 dark:hover:text-accent-400">
                {d.name}
              </Link>
              {d.description && <p className="truncate text-xs text-zinc-500 dark:text-zinc-400" title={d.description}>{d.description}</p>}
            </Td>
            <Td numeric>{formatInt(d.itemCount)}</Td>
            <Td numeric>{formatInt(d.experimentCount)}</Td>
            <Td numeric className="text-zinc-500 dark:text-zinc-400"><RelativeTime value={d.lastExperimentAt} /></Td>
            <Td numeric className="text-zinc-500 dark:text-zinc-400"><RelativeTime value={d.createdAt} /></Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
