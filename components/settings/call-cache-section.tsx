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

  const stat = (label: string, value: string, sub?: string) => (
    <div className="bg-white px-3 py-2 dark:bg-zinc-950">
      <dt className="text-[11px] text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="text-base font-semibold tabular-nums">{value}</dd>
      {sub && <dd className="text-[11px] text-zinc-500 dark:text-zinc-400">{sub}</dd>}
    </div>
  );

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
      <dl aria-label="Call cache" className="grid grid-cols-2 gap-px overflow-hidden rounded-md border border-zinc-200 bg-zinc-200 sm:grid-cols-4 dark:border-zinc-800 dark:bg-zinc-800">
        {stat('Entries', formatInt(status.entries), 'stored answers')}
        {stat('Size', formatBytes(status.bytes), `${used < 1 && status.bytes > 0 ? '<1' : Math.round(used)}% of the cap`)}
        {stat('Hits', formatInt(status.hits), 'calls answered from it')}
        {stat('Size cap', formatBytes(status.maxBytes), 'CALL_CACHE_MAX_MB: past it, least recently used go')}
      </dl>
    </Section>
  );
}
