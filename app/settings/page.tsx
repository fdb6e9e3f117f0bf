import type { Metadata } from 'next';
import { requestContext } from '@/lib/server/context';
import { listProviders } from '@/lib/providers/connections';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Section } from '@/components/ui/section';
import { EmptyState } from '@/components/ui/empty-state';
import { ProvidersTable } from '@/components/settings/providers-table';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const { db } = await requestContext();
  const providers = await listProviders(db);
  return (
    <>
      <PageHeader title="Settings" crumbs={[{ label: 'Settings' }]} />
      <PageBody>
        <Section
          title="Provider connections"
          id="providers"
          description="OpenAI-compatible endpoints experiments call. Keys are stored encrypted and never shown again."
        >
          {providers.length === 0
            ? <EmptyState title="No provider connections">Adding and testing connections comes next; the built-in simulator is added on first start.</EmptyState>
            : <ProvidersTable providers={providers.map(({ createdAt: _createdAt, ...p }) => p)} />}
        </Section>
      </PageBody>
    </>
  );
}
