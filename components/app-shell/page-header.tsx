import Link from 'next/link';
import type { ReactNode } from 'react';

export interface Crumb { label: string; href?: string }

/** Breadcrumb, title and page-level actions; the breadcrumb's last entry is the current page. */
export function PageHeader({ title, crumbs = [], description, actions, meta }: {
  title: string; crumbs?: Crumb[]; description?: ReactNode; actions?: ReactNode; meta?: ReactNode;
}) {
  return (
    <header className="border-b border-zinc-200 px-4 pb-5 pt-4 sm:px-8 dark:border-zinc-800">
      {crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">
          <ol className="flex flex-wrap items-center gap-1.5">
            {crumbs.map((c, i) => (
              <li key={i} className="flex items-center gap-1.5">
                {i > 0 && <span aria-hidden className="text-zinc-300 dark:text-zinc-600">/</span>}
                {c.href
                  ? <Link href={c.href} className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">{c.label}</Link>
                  : <span aria-current="page" className="text-zinc-700 dark:text-zinc-300">{c.label}</span>}
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
        <div className="min-w-0">
          <h1 className="truncate text-lg font-semibold tracking-tight">{title}</h1>
          {description && <p className="mt-1 max-w-3xl text-zinc-500 dark:text-zinc-400">{description}</p>}
        </div>
        {(actions || meta) && (
          <div className="flex flex-wrap items-center gap-3">
            {meta}
            {actions}
          </div>
        )}
      </div>
    </header>
  );
}

/** The padded body under a PageHeader. */
export function PageBody({ children }: { children: ReactNode }) {
  return <div className="space-y-8 px-4 py-6 sm:px-8">{children}</div>;
}
