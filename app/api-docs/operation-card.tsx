import { SchemaView, typeLabel, type JsonSchema, type SchemaComponents } from './schema-view';

export interface Parameter { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema }
interface Media { schema?: JsonSchema }
export interface Operation {
  operationId: string; summary: string; description?: string; tags: string[]; 'x-access'?: string;
  parameters?: Parameter[];
  requestBody?: { description?: string; content: Record<string, Media> };
  responses: Record<string, { description: string; content?: Record<string, Media> }>;
}

const METHOD_STYLE: Record<string, string> = {
  get: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  post: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  delete: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
};

const subheading = 'text-[11px] font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400';

/** One operation: method, path, what it does, who may call it, its parameters, body and answers. */
export function OperationCard({ method, path, op, components }: { method: string; path: string; op: Operation; components: SchemaComponents }) {
  const body = op.requestBody;
  const bodyTypes = body ? Object.keys(body.content) : [];
  const jsonBody = body?.content['application/json']?.schema;
  return (
    <article id={op.operationId} aria-labelledby={`${op.operationId}-title`} className="scroll-mt-4 rounded-lg border border-zinc-200 dark:border-zinc-800">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        <span className={`rounded px-1.5 py-0.5 font-mono text-[11px] font-bold uppercase ${METHOD_STYLE[method] ?? 'bg-zinc-100 dark:bg-zinc-800'}`}>{method}</span>
        <code className="font-mono text-sm">{path}</code>
        <h3 id={`${op.operationId}-title`} className="text-sm text-zinc-600 dark:text-zinc-300">{op.summary}</h3>
        {op['x-access'] && op['x-access'] !== 'member' && (
          <span className="ml-auto rounded-full border border-zinc-300 px-2 text-[11px] text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            {op['x-access'] === 'admin' ? 'admins only' : 'no sign-in'}
          </span>
        )}
      </header>
      <div className="space-y-4 px-4 py-3">
        {op.description && <p className="max-w-3xl text-xs text-zinc-600 dark:text-zinc-300">{op.description}</p>}
        {op.parameters && op.parameters.length > 0 && (
          <section className="space-y-1.5">
            <h4 className={subheading}>Parameters</h4>
            <table className="w-full max-w-4xl text-left text-xs">
              <thead className="text-zinc-500 dark:text-zinc-400"><tr><th className="py-1 pr-3 font-medium">Name</th><th className="pr-3 font-medium">In</th><th className="pr-3 font-medium">Type</th><th className="font-medium">Description</th></tr></thead>
              <tbody>
                {op.parameters.map((p) => (
                  <tr key={`${p.in}:${p.name}`} className="border-t border-zinc-100 align-top dark:border-zinc-800/70">
                    <td className="py-1 pr-3 font-mono font-semibold">{p.name}{p.required && <span className="ml-1 font-sans text-[11px] font-medium text-amber-700 dark:text-amber-400">required</span>}</td>
                    <td className="py-1 pr-3 text-zinc-500 dark:text-zinc-400">{p.in}</td>
                    <td className="py-1 pr-3 font-mono text-zinc-600 dark:text-zinc-400">{p.schema ? typeLabel(p.schema, components) : ''}{p.schema?.default !== undefined ? ` = ${JSON.stringify(p.schema.default)}` : ''}</td>
                    <td className="py-1 text-zinc-500 dark:text-zinc-400">{p.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {body && (
          <section className="space-y-1.5">
            <h4 className={subheading}>Body <span className="font-mono normal-case tracking-normal">{bodyTypes.join(', ')}</span></h4>
            {body.description && <p className="text-xs text-zinc-500 dark:text-zinc-400">{body.description}</p>}
            {jsonBody && <SchemaView schema={jsonBody} components={components} />}
          </section>
        )}
        <section className="space-y-1.5">
          <h4 className={subheading}>Responses</h4>
          <ul className="space-y-1">
            {Object.entries(op.responses).map(([status, response]) => {
              const schema = response.content?.['application/json']?.schema;
              const ok = status.startsWith('2');
              return (
                <li key={status} className="text-xs">
                  {ok && schema ? (
                    <details open={false}>
                      <summary className="cursor-pointer"><StatusLine status={status} text={response.description} /> <span className="font-mono text-zinc-500 dark:text-zinc-400">{typeLabel(schema, components)}</span></summary>
                      <div className="mt-1.5 pl-4"><SchemaView schema={schema} components={components} /></div>
                    </details>
                  ) : <StatusLine status={status} text={response.description} />}
                </li>
              );
            })}
          </ul>
        </section>
      </div>
    </article>
  );
}

function StatusLine({ status, text }: { status: string; text: string }) {
  const ok = status.startsWith('2');
  return (
    <span>
      <span className={`font-mono font-semibold ${ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-zinc-700 dark:text-zinc-300'}`}>{status}</span>
      <span className="ml-2 text-zinc-600 dark:text-zinc-400">{text}</span>
    </span>
  );
}
