import type { DatasetItem } from '@/lib/datasets/items';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { JsonCell } from './json-cell';
import { ItemRowActions } from './item-row-actions';

/**
 * A page of items. With `editDatasetId` (the latest version) each row gets Edit and Archive; a
 * past version is read-only.
 */
export function ItemsTable({ items, firstIndex, editDatasetId }: { items: DatasetItem[]; firstIndex: number; editDatasetId?: string }) {
  return (
    <Table aria-label="Items" className="table-fixed">
      <THead>
        <tr>
          <Th numeric className="w-14">#</Th>
          <Th className={editDatasetId ? 'w-[34%]' : 'w-[38%]'}>Input</Th>
          <Th className="w-[22%]">Expected</Th>
          <Th>Metadata</Th>
          <Th numeric className="w-28">Added</Th>
          {editDatasetId && <Th className="w-32"><span className="sr-only">Actions</span></Th>}
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
            {editDatasetId && (
              <Td className="py-1">
                <ItemRowActions
                  datasetId={editDatasetId}
                  index={firstIndex + i}
                  item={{ id: item.id, input: item.input, expectedOutput: item.expectedOutput, metadata: item.metadata }}
                />
              </Td>
            )}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
