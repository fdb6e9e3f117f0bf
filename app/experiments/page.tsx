import type { Metadata } from 'next';
import { requestContext } from '@/lib/server/context';
import { listRecordedExperiments } from '@/lib/experiments/runs-queries';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { ExperimentsTable } from '@/components/experiments/experiments-table';
import { requirePagePrincipal } from '@/lib/server/page-guard';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Experiments' };

export default async function ExperimentsPage() {
  await requirePagePrincipal();
  const { db } = await requestContext();
  const experiments = await listRecordedExperiments(db);
  return (
    <>
      <PageHeader title="Experiments" crumbs={[{ label: 'Experiments' }]} description="Every recorded experiment, across datasets, newest first." />
      <PageBody>
        <ExperimentsTable
          scope={{ kind: 'all' }}
          initial={experiments}
          empty="No experiments yet: open a dataset to run one, or try the Playground."
        />
      </PageBody>
    </>
  );
}
