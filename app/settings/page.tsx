import type { Metadata } from 'next';
import { requestContext } from '@/lib/server/context';
import { listProviders } from '@/lib/providers/connections';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Section } from '@/components/ui/section';
import { EmptyState } from '@/components/ui/empty-state';
import { ProvidersTable, type ProviderRow } from '@/components/settings/providers-table';
import { AddProviderDialog } from '@/components/settings/add-provider-dialog';
import { requirePagePrincipal } from '@/lib/server/page-guard';
import { listApiKeys } from '@/lib/auth/api-keys';
import { listUsers } from '@/lib/auth/users';
import { ApiKeysSection } from '@/components/settings/api-keys-section';
import { UsersSection, type UserRow } from '@/components/settings/users-section';
import { QuotasSection } from '@/components/settings/quotas-section';
import { getQuotas } from '@/lib/quotas/quotas';
import { CallCacheSection } from '@/components/settings/call-cache-section';
import { callCacheStatus } from '@/lib/call-cache/admin';
import { WebhookSection } from '@/components/settings/webhook-section';
import { getWebhook } from '@/lib/webhooks/settings';
import { listDeliveries } from '@/lib/webhooks/deliveries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const principal = await requirePagePrincipal();
  const isAdmin = principal.role === 'admin';
  const { db } = await requestContext(principal);
  const keys = await listApiKeys(principal.userId);
  const users: UserRow[] = isAdmin ? (await listUsers()).map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })) : [];
  // Only summaries cross to the browser: the row's key never leaves the server (not even encrypted).
  const providers: ProviderRow[] = (await listProviders(db)).map((p) => ({
    id: p.id, name: p.name, baseUrl: p.baseUrl, hasApiKey: p.hasApiKey, requestsPerMinute: p.requestsPerMinute,
    tokensPerMinute: p.tokensPerMinute, isSimulator: p.isSimulator,
  }));
  return (
    <>
      <PageHeader title="Settings" crumbs={[{ label: 'Settings' }]} description={isAdmin ? 'Provider connections, people and API keys.' : 'Your API keys.'} />
      <PageBody>
        <Section
          title="API keys"
          id="api-keys"
          description="For scripts and CI: send `Authorization: Bearer <key>` to any JSON route. A key acts as you; revoke it when it is no longer needed."
        >
          <ApiKeysSection keys={keys} />
        </Section>
        {isAdmin && (
          <Section title="Users" id="users" description="Admins manage provider connections, users and quotas; members work with datasets, experiments and the playground.">
            <UsersSection users={users} selfId={principal.userId} />
          </Section>
        )}
        {isAdmin && <QuotasSection quotas={await getQuotas(db)} />}
        {isAdmin && <CallCacheSection status={await callCacheStatus(db)} />}
        {isAdmin && <WebhookSection webhook={await getWebhook(db)} deliveries={await listDeliveries(db)} />}
        {isAdmin ? <Section
          title="Provider connections"
          id="providers"
          description="OpenAI-compatible endpoints experiments call. Keys are stored encrypted and never shown again."
          actions={<AddProviderDialog />}
        >
          {providers.length === 0
            ? <EmptyState title="No provider connections">Add one with “Add provider”: any OpenAI-compatible base URL and its API key.</EmptyState>
            : <ProvidersTable providers={providers} />}
        </Section> : (
          <Section title="Provider connections" id="providers" description="Managed by an admin.">
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{providers.length} connection(s) available to experiments. Ask an admin to add or change one.</p>
          </Section>
        )}
      </PageBody>
    </>
  );
}
