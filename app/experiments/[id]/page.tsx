import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requestContext } from '@/lib/server/context';
import { getExperimentDetails } from '@/lib/experiments/details';
import { listResults, paramsFromRecord, parseResultsParams, resultsSearch } from '@/lib/experiments/results';
import { ExperimentView } from '@/components/experiments/runs-view';
import { experimentDistributions } from '@/lib/experiments/distributions';
import { pageRecord, requirePagePrincipal } from '@/lib/server/page-guard';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const loadDetails = (id: string) => pageRecord(id, getExperimentDetails);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const details = await loadDetails((await params).id);
  return { title: details?.summary.name ?? 'Experiment not found' };
}

export default async function ExperimentPage({ params, searchParams }: Props) {
  await requirePagePrincipal();
  const { id } = await params;
  const details = await loadDetails(id);
  if (!details) notFound();
  const { filter, page } = parseResultsParams(paramsFromRecord(await searchParams));
  const { db } = await requestContext();
  const [results, distributions] = await Promise.all([
    listResults(db, id, { filter, page }),
    experimentDistributions(db, [id], details.summary.evaluatorNames),
  ]);
  return <ExperimentView initialDetails={details} initialResults={results} initialSearch={resultsSearch(filter, page)} initialDistributions={distributions} />;
}
