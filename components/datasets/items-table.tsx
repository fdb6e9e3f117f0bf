import type { DatasetItem } from '@/lib/datasets/items';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { JsonCell } from './json-cell';

export function ItemsTable({ items, firstIndex }: { items: DatasetItem[]; firstIndex: number }) {
  return (
    <Table aria-label="Items" className="table-fixed">
      <THead>
        <tr>
          <Th numeric className="w-14">#</Th>
          <Th className="w-[38%]">Input</Th>
          <Th className="w-[26%]">Expected</Th>
          <Th>Metadata</Th>
          <Th numeric className="w-28">Added</Th>
        </tr>
      </THead>
      <tbody>
        {items.map((item, i) => (
          <Tr key={item.id} data-item-id={item.id}>
            <Td numeric className="text-zinc-400">{firstIndex + i}</Td>
            <Td><JsonCell value={item.input} /></Td>
            <Td><JsonCell value={item.expectedOutput} /></Td>
            <Td><JsonCell value={item.metadata} /></Td>
            <Td numeric className="text-zinc-500 dark:text-zinc-400"><RelativeTime value={item.createdAt} /></Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
