'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { archiveItemAction } from '@/app/datasets/[id]/actions';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { compactJson } from '@/components/format';
import { ItemDialog, type EditableItem } from './item-dialog';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

/** Edit and Archive for one row of the latest version. */
export function ItemRowActions({ datasetId, item, index }: { datasetId: string; item: EditableItem; index: number }) {
  const router = useRouter();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const text = compactJson(item.input);
  const snippet = text.length > 60 ? `${text.slice(0, 57)}…` : text;

  const archive = () => startTransition(async () => {
    try {
      const result = await archiveItemAction({ datasetId, itemId: item.id });
      if (!result.ok) { setError(result.error); return; }
      setConfirming(false);
      toast.success('Item archived', `${snippet} · earlier versions still include it.`);
      router.refresh();
    } catch {
      setError('Could not reach the server; try again.');
    }
  });

  return (
    <div className="flex justify-end gap-1">
      <ItemDialog
        datasetId={datasetId}
        item={item}
        trigger={<Button variant="ghost" size="sm" aria-label={`Edit item ${index}`}>Edit</Button>}
      />
      <ConfirmDialog
        open={confirming}
        onOpenChange={(next) => { if (next) setError(null); setConfirming(next); }}
        trigger={
          <Button variant="ghost" size="sm" aria-label={`Archive item ${index}`} className="hover:text-red-600 dark:hover:text-red-400">
            Archive
          </Button>
        }
        title="Archive this item?"
        confirmLabel="Archive item"
        pendingLabel="Archiving…"
        pending={pending}
        onConfirm={archive}
        error={error}
      >
        <span className="mb-2 block truncate rounded bg-zinc-100 px-2 py-1 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{snippet}</span>
        It leaves the latest version of the dataset, so new experiments skip it. Earlier versions, and experiments that already ran on it, keep it.
      </ConfirmDialog>
    </div>
  );
}
