import type { Metadata } from 'next';
import Link from 'next/link';
import { requestContext } from '@/lib/server/context';
import { comparisonOf } from '@/lib/experiments/compare';
import { compareReads, parseCompareParams, recordParams } from '@/lib/experiments/compare-params';
import { resolveComparison } from '@/lib/experiments/compare-series';
import { scoreComparison } from '@/lib/experiments/comparison';
import { disagreementPage } from '@/lib/experiments/disagreements';
import { UserError } from '@/lib/errors';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass } from '@/components/ui/button';
import { CompareView } from '@/components/compare/compare-view';
import { requirePagePrincipal } from '@/lib/server/page-guard';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ComparePage({ searchParams }: Props) {
  await requirePagePrincipal();
  const params = parseCompareParams(recordParams(await searchParams));
  const { db } = await requestContext();
  try {
    const resolved = await resolveComparison(db, params);
    const [comparison, stats, disagreements] = await Promise.all([
      comparisonOf(db, resolved, params),
      scoreComparison(db, resolved),
      params.disagree ? disagreementPage(db, resolved, { after: params.after }) : null,
    ]);
    return <CompareView initial={{ reads: compareReads(params), comparison, stats, disagreements }} />;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return (
      <>
        <PageHeader title="Compare" crumbs={[{ label: 'Datasets', href: '/datasets' }, { label: 'Compare' }]} />
        <PageBody>
          <EmptyState title="These cannot be compared" action={<Link href="/datasets" className={buttonClass()}>Pick experiments on a dataset</Link>}>
            <p role="alert">{err.message}.</p>
            <p className="mt-1">Open a dataset, tick two or more of its experiments and press Compare, or open an experiment with several variants and press Compare variants.</p>
          </EmptyState>
        </PageBody>
      </>
    );
  }
}
