import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { requestContext } from '@/lib/server/context';
import { getDataset } from '@/lib/datasets/items';
import { countActiveItems, itemsPageNumbered } from '@/lib/datasets/queries';
import { listDatasetExperiments } from '@/lib/experiments/queries';
import { listProviders } from '@/lib/providers/connections';
import { DEMO_PROMPT } from '@/lib/seed';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Section } from '@/components/ui/section';
import { EmptyState } from '@/components/ui/empty-state';
import { ExperimentsTable } from '@/components/experiments/experiments-table';
import { NewExperimentForm } from '@/components/experiments/new-experiment-form';
import { ItemsTable } from '@/components/datasets/items-table';
import { Pager } from '@/components/datasets/pager';
import { formatInt } from '@/components/format';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string | string[] }> };

async function loadDataset(id: string) {
  if (!z.uuid().safeParse(id).success) return null;
  const { db } = await requestContext();
  return getDataset(db, id);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const dataset = await loadDataset((await params).id);
  return { title: dataset?.name ?? 'Dataset not found' };
}

export default async function DatasetPage({ params, searchParams }: Props) {
  const { id } = await params;
  const dataset = await loadDataset(id);
  if (!dataset) notFound();

  const rawPage = Number((await searchParams).page);
  const { db } = await requestContext();
  const itemCount = await countActiveItems(db, id);
  const pages = Math.max(1, Math.ceil(itemCount / PAGE_SIZE));
  const page = Number.isInteger(rawPage) ? Math.min(Math.max(1, rawPage), pages) : 1;
  const [items, experiments, providers] = await Promise.all([
    itemsPageNumbered(db, { datasetId: id, version: new Date(), page, pageSize: PAGE_SIZE }),
    listDatasetExperiments(db, id),
    listProviders(db),
  ]);

  return (
    <>
      <PageHeader
        title={dataset.name}
        crumbs={[{ label: 'Datasets', href: '/datasets' }, { label: dataset.name }]}
        description={dataset.description || undefined}
        meta={
          <span className="rounded-md border border-zinc-200 px-2 py-1 text-xs text-zinc-600 tabular-nums dark:border-zinc-800 dark:text-zinc-400">
            {formatInt(itemCount)} {itemCount === 1 ? 'item' : 'items'}
          </span>
        }
      />
      <PageBody>
        <Section title="New experiment" id="new-experiment" description="Runs the prompt over every item of the dataset as it is now, in the background.">
          <NewExperimentForm
            datasetId={id}
            itemCount={itemCount}
            providers={providers.map((p) => ({ id: p.id, name: p.name, isSimulator: p.isSimulator }))}
            defaultMessages={DEMO_PROMPT}
          />
        </Section>
        <ExperimentsTable
          title="Experiments"
          scope={{ kind: 'dataset', datasetId: id }}
          initial={experiments}
          empty="No experiments yet: create one above or open the Playground"
        />
        <Section title="Items" id="items" description="Edits never change earlier versions: an edited item is archived and replaced.">
          {itemCount === 0
            ? <EmptyState title="No items yet">This dataset is empty. Uploading CSV / JSONL files and adding items by hand come next.</EmptyState>
            : (
              <div className="space-y-2">
                <ItemsTable items={items} firstIndex={(page - 1) * PAGE_SIZE + 1} />
                <Pager basePath={`/datasets/${id}`} page={page} pageSize={PAGE_SIZE} total={itemCount} />
              </div>
            )}
        </Section>
      </PageBody>
    </>
  );
}
