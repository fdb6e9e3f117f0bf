import type { Metadata } from 'next';
import { requestContext } from '@/lib/server/context';
import { listExperimentsPage } from '@/lib/experiments/list';
import { readTableParams } from '@/lib/experiments/list-url';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { ExperimentsTable } from '@/components/experiments/experiments-table';
import { requirePagePrincipal } from '@/lib/server/page-guard';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Experiments' };

const URL_KEYS = { page: 'page', q: 'q' };

export default async function ExperimentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePagePrincipal();
  const { db } = await requestContext();
  const { page, q } = readTableParams(await searchParams, URL_KEYS);
  const list = await listExperimentsPage(db, { scope: {}, q, page });
  return (
    <>
      <PageHeader title="Experiments" crumbs={[{ label: 'Experiments' }]} description="Every recorded experiment, across datasets, newest first." />
      <PageBody>
        <ExperimentsTable
          scope={{ kind: 'all' }}
          initial={{ rows: list.experiments, total: list.total, page: list.page, pageSize: list.pageSize, cursor: list.cursor }}
          q={q}
          urlKeys={URL_KEYS}
          empty="No experiments yet: open a dataset to run one, or try the Playground."
        />
      </PageBody>
    </>
  );
}
