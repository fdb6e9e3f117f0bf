'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import type { CallCacheStatus } from '@/lib/call-cache/admin';
import { formatBytes } from '@/lib/limits';
import { clearCallCacheAction } from '@/app/settings/call-cache-actions';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Section } from '@/components/ui/section';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { formatInt } from '@/components/format';
import { StatTile, StatTiles } from '@/components/ui/stat-tiles';

/** The call cache, shared by every experiment: how big it is, how often it answered, and a way to empty it. */
export function CallCacheSection({ status }: { status: CallCacheStatus }) {
  const router = useRouter();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const { error, pending, submit } = useActionForm();
  const used = status.maxBytes > 0 ? Math.min(100, (status.bytes / status.maxBytes) * 100) : 0;

  const clear = async () => {
    const r = await submit(() => clearCallCacheAction({}));
    if (!r.ok) return;
    setConfirming(false);
    toast.success('Call cache cleared', `${formatInt(r.data.cleared)} stored ${r.data.cleared === 1 ? 'answer' : 'answers'} removed.`);
    router.refresh();
  };

  return (
    <Section
      title="Call cache"
      id="call-cache"
      description="Identical calls (same endpoint, model, parameters, messages and schema) are answered from here, free: by default for temperature 0 with one repetition, or as an experiment chooses."
      actions={(
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          trigger={<Button size="sm" disabled={status.entries === 0}>Clear cache</Button>}
          title="Clear the call cache?"
          confirmLabel="Clear cache"
          pendingLabel="Clearing…"
          pending={pending}
          onConfirm={() => void clear()}
          error={error}
        >
          {formatInt(status.entries)} stored {status.entries === 1 ? 'answer' : 'answers'} ({formatBytes(status.bytes)}) will be removed. The next identical calls go to the provider and are paid for again. Recorded runs keep their results.
        </ConfirmDialog>
      )}
    >
      <StatTiles label="Call cache" className="grid-cols-2 sm:grid-cols-4">
        <StatTile label="Entries" value={formatInt(status.entries)} sub="stored answers" />
        <StatTile label="Size" value={formatBytes(status.bytes)} sub={`${used < 1 && status.bytes > 0 ? '<1' : Math.round(used)}% of the cap`} />
        <StatTile label="Hits" value={formatInt(status.hits)} sub="calls answered from it" />
        <StatTile label="Size cap" value={formatBytes(status.maxBytes)} sub="CALL_CACHE_MAX_MB: past it, least recently used go" />
      </StatTiles>
    </Section>
  );
}
