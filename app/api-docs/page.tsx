import type { Metadata } from 'next';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Section } from '@/components/ui/section';
import { requirePagePrincipal } from '@/lib/server/page-guard';
import { GET as openApiRoute } from '@/app/api/openapi.json/route';
import { apiDocument } from '@/app/api/registry';
import { OperationCard, type Operation } from './operation-card';
import type { SchemaComponents } from './schema-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'HTTP API' };

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

/** The OpenAPI document as a page: operations grouped by tag, with their parameters, bodies and answers. */
export default async function ApiDocsPage() {
  await requirePagePrincipal();
  const doc = apiDocument([openApiRoute.definition]);
  const components = (doc.components?.schemas ?? {}) as SchemaComponents;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHOD_ORDER.filter((m) => m in (item as object)).map((method) => ({ path, method, op: (item as Record<string, Operation>)[method] })));
  const tags = (doc.tags ?? []).map((t) => t.name);
  return (
    <>
      <PageHeader
        title="HTTP API"
        crumbs={[{ label: 'HTTP API' }]}
        description={<>Everything the app does, as JSON. Create a key in Settings → API keys and send it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. The machine-readable document (OpenAPI {doc.openapi}) is at <a className="underline" href="/api/openapi.json">/api/openapi.json</a>.</>}
      />
      <PageBody>
        <nav aria-label="Operations" className="columns-1 gap-8 text-xs sm:columns-2 lg:columns-3">
          {tags.map((tag) => (
            <div key={tag} className="mb-4 break-inside-avoid">
              <p className="mb-1 font-semibold text-zinc-900 dark:text-zinc-100">{tag}</p>
              <ul className="space-y-0.5">
                {operations.filter((o) => o.op.tags.includes(tag)).map((o) => (
                  <li key={o.op.operationId}>
                    <a href={`#${o.op.operationId}`} className="hover:underline">
                      <span className="inline-block w-14 font-mono uppercase text-zinc-500 dark:text-zinc-400">{o.method}</span>{o.op.summary}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        {tags.map((tag) => (
          <Section key={tag} title={tag} id={`tag-${tag.toLowerCase().replace(/\s+/g, '-')}`}>
            <div className="space-y-4">
              {operations.filter((o) => o.op.tags.includes(tag)).map((o) => (
                <OperationCard key={o.op.operationId} method={o.method} path={o.path} op={o.op} components={components} />
              ))}
            </div>
          </Section>
        ))}
      </PageBody>
    </>
  );
}
