import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requestContext } from '@/lib/server/context';
import { uploadLimits } from '@/lib/config';
import { countItemsAt, getDataset } from '@/lib/datasets/items';
import { parseVersionParam } from '@/lib/datasets/item-input';
import { countActiveItems, itemsPageNumbered } from '@/lib/datasets/queries';
import { listExperimentsPage } from '@/lib/experiments/list';
import { readTableParams } from '@/lib/experiments/list-url';
import { listProviders } from '@/lib/providers/connections';
import { listPromptVersions } from '@/lib/playground/prompts';
import { DEMO_PROMPT } from '@/lib/seed';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Section } from '@/components/ui/section';
import { EmptyState } from '@/components/ui/empty-state';
import { ExperimentsTable } from '@/components/experiments/experiments-table';
import { NewExperimentForm } from '@/components/experiments/new-experiment-form';
import { ItemsTable } from '@/components/datasets/items-table';
import { Pager, pageHref } from '@/components/ui/pager';
import { ItemsWorkspace } from '@/components/datasets/items-workspace';
import { DatasetSections } from '@/components/datasets/dataset-sections';
import { OpenInPlayground } from '@/components/datasets/open-in-playground';
import { VersionBanner, VersionPicker } from '@/components/datasets/version-picker';
import { formatInt } from '@/components/format';
import { pageRecord, requirePagePrincipal } from '@/lib/server/page-guard';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;
/** The experiments table's page and search in the URL (`page` is the items'). */
const EXPERIMENTS_URL_KEYS = { page: 'experimentsPage', q: 'experimentsSearch' };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ page?: string | string[]; version?: string | string[]; upload?: string | string[]; experimentsPage?: string | string[]; experimentsSearch?: string | string[] }>;
};

const loadDataset = (id: string) => pageRecord(id, getDataset);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const dataset = await loadDataset((await params).id);
  return { title: dataset?.name ?? 'Dataset not found' };
}

export default async function DatasetPage({ params, searchParams }: Props) {
  await requirePagePrincipal();
  const { id } = await params;
  const dataset = await loadDataset(id);
  if (!dataset) notFound();

  const query = await searchParams;
  const rawPage = Number(query.page);
  // `?version=<iso>`: the items as they were then (read-only); absent means the latest.
  const version = parseVersionParam(query.version);
  const { db } = await requestContext();
  const itemCount = await countActiveItems(db, id);
  const shownCount = version ? await countItemsAt(db, id, version) : itemCount;
  const pages = Math.max(1, Math.ceil(shownCount / PAGE_SIZE));
  const page = Number.isInteger(rawPage) ? Math.min(Math.max(1, rawPage), pages) : 1;
  const experimentsView = readTableParams(query, EXPERIMENTS_URL_KEYS);
  const [items, experiments, providers, promptVersions] = await Promise.all([
    itemsPageNumbered(db, { datasetId: id, version: version ?? new Date(), page, pageSize: PAGE_SIZE }),
    listExperimentsPage(db, { scope: { datasetId: id }, q: experimentsView.q, page: experimentsView.page }),
    listProviders(db),
    listPromptVersions(db),
  ]);
  const basePath = `/datasets/${id}`;
  const versionIso = version?.toISOString() ?? null;
  const empty = !version && itemCount === 0;
  const noItems = itemCount === 0;
  const playgroundHref = `/playground?dataset=${id}`;

  // Kept mounted across the refresh after an import (DatasetSections), so the upload report survives it.
  const itemsSection = (
    <Section
      title="Items"
      id="items"
      description="Edits never change earlier versions: an edited item is archived and replaced, so past experiments stay reproducible."
    >
      <ItemsWorkspace
        datasetId={id}
        editable={!version}
        uploadOpen={empty || query.upload !== undefined}
        uploadLimits={uploadLimits()}
        versionPicker={<VersionPicker basePath={basePath} version={versionIso} />}
      >
        {versionIso && <VersionBanner version={versionIso} basePath={basePath} count={shownCount} />}
        {shownCount === 0
          ? (version
            ? <EmptyState title="No items at this point in time">The dataset had no items then. Pick a later time, or go back to the latest version.</EmptyState>
            : <EmptyState title="No items yet">Upload a CSV, JSONL or JSON file above, or add items one at a time with “Add item”.</EmptyState>)
          : (
            <div className="space-y-2">
              <ItemsTable items={items} firstIndex={(page - 1) * PAGE_SIZE + 1} editDatasetId={version ? undefined : id} />
              <Pager label="Items pages" page={page} pageSize={PAGE_SIZE} total={shownCount}
                href={(p) => pageHref(basePath, p, versionIso ? { version: versionIso } : {})} />
            </div>
          )}
      </ItemsWorkspace>
    </Section>
  );

  const experimentsHalf = (
    <>
      <Section
        title="New experiment"
        id="new-experiment"
        description={<>
          Runs a prompt over every item of the dataset as it is now, in the background (or every prompt x model x parameter set
          added under Variants). Evaluators, repetitions and concurrency are in the{' '}
          {noItems ? 'playground' : <Link className="font-medium text-accent-700 underline-offset-2 hover:underline dark:text-accent-400" href={playgroundHref}>playground</Link>}.
        </>}
      >
        <NewExperimentForm
          datasetId={id}
          itemCount={itemCount}
          providers={providers.map((p) => ({ id: p.id, name: p.name, isSimulator: p.isSimulator }))}
          defaultMessages={DEMO_PROMPT}
          promptVersions={promptVersions}
        />
      </Section>
      <ExperimentsTable
        title="Experiments"
        scope={{ kind: 'dataset', datasetId: id }}
        initial={{ rows: experiments.experiments, total: experiments.total, page: experiments.page, pageSize: experiments.pageSize, cursor: experiments.cursor }}
        q={experimentsView.q}
        urlKeys={EXPERIMENTS_URL_KEYS}
        empty="No experiments yet: create one above or open the Playground"
      />
    </>
  );

  return (
    <>
      <PageHeader
        title={dataset.name}
        crumbs={[{ label: 'Datasets', href: '/datasets' }, { label: dataset.name }]}
        description={dataset.description || undefined}
        meta={
          <>
            {noItems && <span id="dataset-run-reason" className="text-xs text-zinc-600 dark:text-zinc-400">Upload items to run experiments</span>}
            <span className="rounded-md border border-zinc-200 px-2 py-1 text-xs text-zinc-600 tabular-nums dark:border-zinc-800 dark:text-zinc-400">
              {formatInt(itemCount)} {itemCount === 1 ? 'item' : 'items'}
            </span>
          </>
        }
        actions={<OpenInPlayground datasetId={id} itemCount={itemCount} reasonId="dataset-run-reason" />}
      />
      <PageBody>
        {/* Empty: Upload comes first, since there is nothing to run yet. */}
        <DatasetSections itemsFirst={noItems} items={itemsSection} experiments={experimentsHalf} />
      </PageBody>
    </>
  );
}
