import type { Metadata } from 'next';
import { z } from 'zod';
import { requestContext } from '@/lib/server/context';
import { listProviders } from '@/lib/providers/connections';
import { listDatasetsWithStats } from '@/lib/datasets/queries';
import { listPromptVersions, listSavedPrompts } from '@/lib/playground/prompts';
import { playgroundSource } from '@/lib/playground/source';
import { blankDraft, draftFromExperiment } from '@/lib/playground/form';
import { DEMO_DATASET_NAME, DEMO_PROMPT } from '@/lib/seed';
import { Playground } from '@/components/playground/playground';
import { requirePagePrincipal } from '@/lib/server/page-guard';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Playground' };

type Props = { searchParams: Promise<{ from?: string | string[]; dataset?: string | string[] }> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const isUuid = (v: string | undefined): v is string => !!v && z.uuid().safeParse(v).success;

/** `?from=<experimentId>` pre-fills the form from that experiment; `?dataset=<id>` preselects a dataset. */
export default async function PlaygroundPage({ searchParams }: Props) {
  await requirePagePrincipal();
  const params = await searchParams;
  const fromId = one(params.from);
  const datasetParam = one(params.dataset);
  const { db } = await requestContext();
  const [providers, datasets, prompts, promptVersions, source] = await Promise.all([
    listProviders(db),
    listDatasetsWithStats(db),
    listSavedPrompts(db),
    listPromptVersions(db),
    isUuid(fromId) ? playgroundSource(db, fromId) : Promise.resolve(null),
  ]);

  const defaultProvider = (providers.find((p) => p.isSimulator) ?? providers[0])?.id ?? '';
  const defaultDataset = (datasets.find((d) => d.id === datasetParam) ?? datasets.find((d) => d.name === DEMO_DATASET_NAME) ?? datasets[0])?.id ?? '';
  const initialDraft = source
    ? draftFromExperiment({ datasetId: source.datasetId, datasetVersion: source.datasetVersion, record: source.record, config: source.config })
    : blankDraft({ providerConnectionId: defaultProvider, datasetId: defaultDataset, messages: DEMO_PROMPT });
  // A provider deleted since the experiment ran: fall back to the default rather than a hidden stale id.
  if (!providers.some((p) => p.id === initialDraft.providerConnectionId)) initialDraft.providerConnectionId = defaultProvider;

  return (
    <Playground
      providers={providers.map((p) => ({ id: p.id, name: p.name, isSimulator: p.isSimulator }))}
      datasets={datasets.map((d) => ({ id: d.id, name: d.name, itemCount: d.itemCount }))}
      prompts={prompts}
      promptVersions={promptVersions}
      initialDraft={initialDraft}
      source={source ? { id: source.experimentId, name: source.name } : null}
      sourceMissing={!!fromId && !source}
    />
  );
}
