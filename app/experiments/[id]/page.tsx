import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { requestContext } from '@/lib/server/context';
import { getExperiment, summarise } from '@/lib/experiments/queries';
import { getDataset } from '@/lib/datasets/items';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { StatusBadge } from '@/components/experiments/status-badge';
import { ExperimentFacts } from '@/components/experiments/experiment-facts';
import { EmptyState } from '@/components/ui/empty-state';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

async function load(id: string) {
  if (!z.uuid().safeParse(id).success) return null;
  const { db } = await requestContext();
  const row = await getExperiment(db, id);
  if (!row) return null;
  const dataset = await getDataset(db, row.datasetId);
  return { experiment: summarise(row), dataset };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await load((await params).id);
  return { title: found?.experiment.name ?? 'Experiment not found' };
}

export default async function ExperimentPage({ params }: Props) {
  const found = await load((await params).id);
  if (!found) notFound();
  const { experiment: e, dataset } = found;
  return (
    <>
      <PageHeader
        title={e.name}
        crumbs={[
          { label: 'Datasets', href: '/datasets' },
          ...(dataset ? [{ label: dataset.name, href: `/datasets/${dataset.id}` }] : []),
          { label: e.name },
        ]}
        meta={<StatusBadge status={e.status} lastError={e.lastError} />}
      />
      <PageBody>
        <ExperimentFacts e={e} />
        {e.lastError && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-700 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-300">
            <span className="font-medium">Last error: </span>{e.lastError}
          </div>
        )}
        <EmptyState title="Per-item results come next">
          The run table (input, expected, output, scores, latency) and the error log will appear here.{' '}
          {dataset && <Link className="underline" href={`/datasets/${dataset.id}`}>Back to {dataset.name}</Link>}
        </EmptyState>
      </PageBody>
    </>
  );
}
