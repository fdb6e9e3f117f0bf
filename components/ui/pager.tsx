import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { formatInt } from '@/components/format';

/** `basePath` with `?page=` (absent for the first page) and the other `query` params kept. */
export function pageHref(basePath: string, page: number, query: Record<string, string> = {}): string {
  const params = new URLSearchParams(query);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}

/** "1–50 of 1,234" with Previous / Next links; `href(page)` says where each page is. */
export function Pager({ label, page, pageSize, total, href }: {
  label: string; page: number; pageSize: number; total: number; href: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const disabled = 'pointer-events-none opacity-40';
  return (
    <nav aria-label={label} className="flex items-center justify-between text-xs text-zinc-500 dark:text-zinc-400">
      <p className="tabular-nums">{formatInt(from)}–{formatInt(to)} of {formatInt(total)}</p>
      <div className="flex items-center gap-2">
        <span className="tabular-nums">Page {formatInt(page)} of {formatInt(pages)}</span>
        <Link href={href(page - 1)} scroll={false} aria-disabled={page <= 1} tabIndex={page <= 1 ? -1 : undefined}
          className={`${buttonClass('secondary', 'sm')} ${page <= 1 ? disabled : ''}`}>Previous</Link>
        <Link href={href(page + 1)} scroll={false} aria-disabled={page >= pages} tabIndex={page >= pages ? -1 : undefined}
          className={`${buttonClass('secondary', 'sm')} ${page >= pages ? disabled : ''}`}>Next</Link>
      </div>
    </nav>
  );
}
