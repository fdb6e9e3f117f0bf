import type { Metadata } from 'next';
import { requestContext } from '@/lib/server/context';
import { listProviders } from '@/lib/providers/connections';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Section } from '@/components/ui/section';
import { EmptyState } from '@/components/ui/empty-state';
import { ProvidersTable, type ProviderRow } from '@/components/settings/providers-table';
import { AddProviderDialog } from '@/components/settings/add-provider-dialog';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const { db } = await requestContext();
  // Only summaries cross to the browser: the row's key never leaves the server (not even encrypted).
  const providers: ProviderRow[] = (await listProviders(db)).map((p) => ({
    id: p.id, name: p.name, baseUrl: p.baseUrl, hasApiKey: p.hasApiKey, requestsPerMinute: p.requestsPerMinute, isSimulator: p.isSimulator,
  }));
  return (
    <>
      <PageHeader title="Settings" crumbs={[{ label: 'Settings' }]} description="Connections to the models experiments call." />
      <PageBody>
        <Section
          title="Provider connections"
          id="providers"
          description="OpenAI-compatible endpoints experiments call. Keys are stored encrypted and never shown again."
          actions={<AddProviderDialog />}
        >
          {providers.length === 0
            ? <EmptyState title="No provider connections">Add one with “Add provider”: any OpenAI-compatible base URL and its API key.</EmptyState>
            : <ProvidersTable providers={providers} />}
        </Section>
      </PageBody>
    </>
  );
}
