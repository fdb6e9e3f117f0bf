import type { Metadata } from 'next';
import { requestContext } from '@/lib/server/context';
import { listDatasetsWithStats } from '@/lib/datasets/queries';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Section } from '@/components/ui/section';
import { EmptyState } from '@/components/ui/empty-state';
import { DatasetsTable } from '@/components/datasets/datasets-table';
import { NewDatasetForm } from '@/components/datasets/new-dataset-form';
import { requirePagePrincipal } from '@/lib/server/page-guard';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Datasets' };

export default async function DatasetsPage() {
  await requirePagePrincipal();
  const { db } = await requestContext();
  const datasets = await listDatasetsWithStats(db);
  return (
    <>
      <PageHeader title="Datasets" crumbs={[{ label: 'Datasets' }]} description="Collections of inputs (and expected outputs) that experiments run over." />
      <PageBody>
        <Section title="New dataset" id="new-dataset">
          <NewDatasetForm />
        </Section>
        <Section title="All datasets" id="datasets" description={`${datasets.length} ${datasets.length === 1 ? 'dataset' : 'datasets'}`}>
          {datasets.length === 0
            ? <EmptyState title="No datasets yet">Create one above, then add items to it and run an experiment.</EmptyState>
            : <DatasetsTable rows={datasets} />}
        </Section>
      </PageBody>
    </>
  );
}
