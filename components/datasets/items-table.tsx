import type { DatasetItem } from '@/lib/datasets/items';
import { Table, Th, THead } from '@/components/ui/table';
import { ItemRow } from './item-row';

/**
 * A page of items, each openable as key/value trees (item-row.tsx). With `editDatasetId` (the
 * latest version) each row gets Edit and Archive; a past version is read-only.
 */
export function ItemsTable({ items, firstIndex, editDatasetId }: { items: DatasetItem[]; firstIndex: number; editDatasetId?: string }) {
  return (
    <Table aria-label="Items" className="table-fixed">
      <THead>
        <Th numeric className="w-16">#</Th>
        <Th className={editDatasetId ? 'w-[34%]' : 'w-[38%]'}>Input</Th>
        <Th className="w-[22%]">Expected</Th>
        <Th>Metadata</Th>
        <Th numeric className="w-28">Added</Th>
        {editDatasetId && <Th className="w-32"><span className="sr-only">Actions</span></Th>}
      </THead>
      <tbody>
        {items.map((item, i) => (
          <ItemRow
            key={item.id}
            item={{ id: item.id, input: item.input, expectedOutput: item.expectedOutput, metadata: item.metadata, createdAt: item.createdAt }}
            index={firstIndex + i}
            colCount={editDatasetId ? 6 : 5}
            editDatasetId={editDatasetId}
          />
        ))}
      </tbody>
    </Table>
  );
}
