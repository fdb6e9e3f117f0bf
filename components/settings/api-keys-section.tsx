'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { createApiKeyAction, revokeApiKeyAction } from '@/app/settings/account-actions';
import type { ApiKeySummary } from '@/lib/auth/api-keys';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, THead, Td, Th, Tr } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';

/** Your API keys: `Authorization: Bearer <key>` on every JSON route. A new key is shown once. */
export function ApiKeysSection({ keys }: { keys: ApiKeySummary[] }) {
  const router = useRouter();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [pending, setPending] = useState(false);

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    setPending(true);
    const r = await createApiKeyAction({ name });
    setPending(false);
    if (!r.ok) { setError(r.error); return; }
    setError(null);
    setCreated({ name: r.data.name, key: r.data.key });
    form.reset();
    router.refresh();
  };

  const revoke = async (k: ApiKeySummary) => {
    const r = await revokeApiKeyAction({ id: k.id });
    if (r.ok) { toast.success(`Revoked “${k.name ?? k.start}”`, 'Requests with it are refused from now on.'); router.refresh(); }
    else toast.error('Could not revoke the key', r.error);
  };

  return (
    <div className="space-y-3">
      <form onSubmit={create} className="flex items-start gap-2" aria-label="Create an API key">
        <label htmlFor="api-key-name" className="sr-only">Key name</label>
        <Input id="api-key-name" name="name" placeholder="Key name, e.g. CI" maxLength={100} className="max-w-xs" />
        <Button type="submit" variant="primary" disabled={pending}>{pending ? 'Creating…' : 'Create key'}</Button>
      </form>
      <FormError message={error} />
      {created && (
        <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 dark:border-emerald-900/60 dark:bg-emerald-950/40">
          <p className="text-xs font-medium text-emerald-800 dark:text-emerald-300">
            Key “{created.name}” created. Copy it now: it is shown only once.
          </p>
          <div className="mt-1.5 flex items-center gap-2">
            <code data-testid="new-api-key" className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900">{created.key}</code>
            <Button size="sm" onClick={() => void navigator.clipboard.writeText(created.key).then(() => toast.info('Copied the key'))}>Copy</Button>
            <Button size="sm" variant="ghost" onClick={() => setCreated(null)}>Done</Button>
          </div>
        </div>
      )}
      {keys.length > 0 && (
        <Table aria-label="API keys">
          <THead><Th>Name</Th><Th>Key</Th><Th>Created</Th><Th>Last used</Th><Th><span className="sr-only">Actions</span></Th></THead>
          <tbody>
            {keys.map((k) => (
              <Tr key={k.id}>
                <Td className="font-medium">{k.name ?? '—'}</Td>
                <Td className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{k.start ? `${k.start}…` : '—'}</Td>
                <Td><RelativeTime value={k.createdAt} /></Td>
                <Td>{k.lastUsedAt ? <RelativeTime value={k.lastUsedAt} /> : <span className="text-zinc-500 dark:text-zinc-400">never</span>}</Td>
                <Td className="text-right"><Button size="sm" variant="ghost" onClick={() => void revoke(k)}>Revoke</Button></Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
