'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ProviderSummary } from '@/lib/providers/connections';
import { deleteProviderAction, testProviderAction } from '@/app/settings/actions';
import { Button } from '@/components/ui/button';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { formatInt } from '@/components/format';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { TestResultText, type TestState } from './test-result';
import { PricesDialog } from './prices-dialog';

/** What the table gets: a summary without `createdAt`, and never a key (only whether one is stored). */
export type ProviderRow = Omit<ProviderSummary, 'createdAt'>;

export function ProvidersTable({ providers }: { providers: ProviderRow[] }) {
  return (
    <Table aria-label="Provider connections" className="table-fixed min-w-[64rem]">
      <THead>
        <Th className="w-[18%]">Name</Th>
        <Th className="w-[20%]">Base URL</Th>
        <Th className="w-28">API key</Th>
        <Th numeric className="w-32">Requests / min</Th>
        <Th>Connection</Th>
        <Th className="w-64"><span className="sr-only">Actions</span></Th>
      </THead>
      <tbody>
        {providers.map((p) => <ProviderTableRow key={p.id} provider={p} />)}
      </tbody>
    </Table>
  );
}

function ProviderTableRow({ provider: p }: { provider: ProviderRow }) {
  const router = useRouter();
  const toast = useToast();
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [testing, startTesting] = useTransition();
  const [deleting, startDeleting] = useTransition();

  const runTest = () => startTesting(async () => {
    setTest({ kind: 'testing' });
    try {
      const result = await testProviderAction({ id: p.id });
      if (!result.ok) { setTest({ kind: 'error', error: result.error }); return; }
      setTest(result.data.ok ? { kind: 'ok', models: result.data.models } : { kind: 'error', error: result.data.error });
    } catch {
      setTest({ kind: 'error', error: 'Could not reach the app server; try again.' });
    }
  });

  const remove = () => startDeleting(async () => {
    try {
      const result = await deleteProviderAction({ id: p.id });
      if (!result.ok) { setDeleteError(result.error); return; }
      setConfirming(false);
      toast.success(`Deleted “${p.name}”`);
      router.refresh();
    } catch {
      setDeleteError('Could not reach the server; try again.');
    }
  });

  return (
    <Tr data-provider-id={p.id}>
      <Td>
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
          <span className="truncate font-medium" title={p.name}>{p.name}</span>
          {p.isSimulator && (
            <span className="shrink-0 rounded-full bg-accent-50 px-2 py-0.5 text-[11px] font-medium text-accent-700 ring-1 ring-accent-600/15 ring-inset dark:bg-accent-950/50 dark:text-accent-400 dark:ring-accent-400/20">
              Built-in simulator
            </span>
          )}
        </div>
      </Td>
      <Td><span className="block truncate font-mono text-xs text-zinc-600 dark:text-zinc-400" title={p.baseUrl}>{p.baseUrl}</span></Td>
      <Td>
        {p.hasApiKey
          ? <span className="inline-flex items-center gap-1.5"><span aria-hidden className="size-1.5 rounded-full bg-emerald-500" />Key stored</span>
          : <span className="inline-flex items-center gap-1.5 text-zinc-500 dark:text-zinc-400"><span aria-hidden className="size-1.5 rounded-full bg-zinc-300 dark:bg-zinc-600" />No key</span>}
      </Td>
      <Td numeric>
        {p.requestsPerMinute ? formatInt(p.requestsPerMinute) : <span className="text-zinc-500 dark:text-zinc-400">No limit</span>}
        {p.tokensPerMinute ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{formatInt(p.tokensPerMinute)} tokens</span> : null}
      </Td>
      <Td>
        {test.kind === 'idle'
          ? <span className="text-xs text-zinc-500 dark:text-zinc-400">Not tested</span>
          : <TestResultText state={test} />}
      </Td>
      <Td className="py-1">
        <div className="flex justify-end gap-1">
          <Button size="sm" onClick={runTest} disabled={testing} aria-label={`Test connection ${p.name}`}>
            {testing ? 'Testing…' : 'Test connection'}
          </Button>
          <PricesDialog providerConnectionId={p.id} name={p.name} />
          <ConfirmDialog
            open={confirming}
            onOpenChange={(next) => { if (next) setDeleteError(null); setConfirming(next); }}
            trigger={
              <Button size="sm" variant="ghost" aria-label={`Delete ${p.name}`} className="hover:text-red-600! dark:hover:text-red-400!">
                Delete
              </Button>
            }
            title={`Delete “${p.name}”?`}
            confirmLabel="Delete provider"
            pendingLabel="Deleting…"
            pending={deleting}
            onConfirm={remove}
            error={deleteError}
          >
            Its stored key is deleted too. Experiments that use this connection keep their results, but they will fail
            validation if they are resumed or re-run: pick another provider for new runs.
          </ConfirmDialog>
        </div>
      </Td>
    </Tr>
  );
}
