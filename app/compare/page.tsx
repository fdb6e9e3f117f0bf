import type { Metadata } from 'next';
import Link from 'next/link';
import { requestContext } from '@/lib/server/context';
import { compareExperiments, compareSearch, parseCompareParams } from '@/lib/experiments/compare';
import { paramsFromRecord } from '@/lib/experiments/results';
import { UserError } from '@/lib/errors';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass } from '@/components/ui/button';
import { CompareView } from '@/components/compare/compare-view';
import { requirePagePrincipal } from '@/lib/server/page-guard';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare experiments' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ComparePage({ searchParams }: Props) {
  await requirePagePrincipal();
  const params = parseCompareParams(paramsFromRecord(await searchParams));
  const { db } = await requestContext();
  try {
    const comparison = await compareExperiments(db, params);
    return <CompareView initial={comparison} initialSearch={compareSearch(params)} />;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return (
      <>
        <PageHeader title="Compare experiments" crumbs={[{ label: 'Datasets', href: '/datasets' }, { label: 'Compare' }]} />
        <PageBody>
          <EmptyState title="These experiments cannot be compared" action={<Link href="/datasets" className={buttonClass()}>Pick experiments on a dataset</Link>}>
            <p role="alert">{err.message}.</p>
            <p className="mt-1">Open a dataset, tick two or more of its experiments and press Compare.</p>
          </EmptyState>
        </PageBody>
      </>
    );
  }
}
