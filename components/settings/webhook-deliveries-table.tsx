'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { WebhookDelivery } from '@/lib/webhooks/api-schemas';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { RelativeTime } from '@/components/ui/relative-time';
import { formatDuration } from '@/components/format';
import { EmptyRow, Table, THead, Td, Th, Tr } from '@/components/ui/table';

const tones: Record<WebhookDelivery['status'], BadgeTone> = { PENDING: 'info', DELIVERED: 'success', FAILED: 'danger' };
const labels: Record<WebhookDelivery['status'], string> = { PENDING: 'Pending', DELIVERED: 'Delivered', FAILED: 'Failed' };
const ended: Record<string, string> = { COMPLETED: 'completed', STOPPED: 'stopped', ERROR: 'error' };

/** "next try in 35s": counted in the browser only (the server's clock is not the reader's). */
function NextTry({ at }: { at: Date }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  if (now === null) return null;
  const left = at.getTime() - now;
  return <span className="text-zinc-500 dark:text-zinc-400"> · {left > 1_000 ? `next try in ${formatDuration(left)}` : 'retrying'}</span>;
}

/** What the last attempt got: the HTTP status, the error, or when the next attempt is due. */
function LastResult({ d }: { d: WebhookDelivery }) {
  if (d.attempts === 0) return <span className="text-zinc-500 dark:text-zinc-400">not sent yet</span>;
  // An error names the HTTP status itself; without one, the status is the result.
  return (
    <span className="block max-w-md break-words">
      {d.lastError
        ? <span className="text-red-700 dark:text-red-400">{d.lastError}</span>
        : d.lastHttpStatus !== null && <span className="font-mono">HTTP {d.lastHttpStatus}</span>}
      {d.status === 'PENDING' && d.nextAttemptAt && <NextTry at={new Date(d.nextAttemptAt)} />}
    </span>
  );
}

/** The latest deliveries, newest first. */
export function WebhookDeliveriesTable({ deliveries }: { deliveries: WebhookDelivery[] }) {
  return (
    <Table aria-label="Webhook deliveries">
      <THead>
        <Th>When</Th><Th>Event</Th><Th>Experiment</Th><Th>Status</Th><Th numeric>Attempts</Th><Th>Last result</Th>
      </THead>
      <tbody>
        {deliveries.length === 0 && <EmptyRow colSpan={6}>No deliveries yet: one is sent each time a recorded experiment ends.</EmptyRow>}
        {deliveries.map((d) => (
          <Tr key={d.id}>
            <Td><RelativeTime value={d.createdAt} /></Td>
            <Td className="font-mono text-xs">{d.event}</Td>
            <Td>
              {d.experimentId && d.experimentName
                ? <Link href={`/experiments/${d.experimentId}`} className="font-medium hover:underline">{d.experimentName}</Link>
                : <span className="text-zinc-500 dark:text-zinc-400">{d.event === 'webhook.test' ? 'sample' : '—'}</span>}
              {d.experimentStatus && ended[d.experimentStatus] && (
                <span className="ml-1.5 text-xs text-zinc-500 dark:text-zinc-400">{ended[d.experimentStatus]}</span>
              )}
            </Td>
            <Td><Badge tone={tones[d.status]} data-delivery-status={d.status}>{labels[d.status]}</Badge></Td>
            <Td numeric>{d.attempts}</Td>
            <Td className="text-xs"><LastResult d={d} /></Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
