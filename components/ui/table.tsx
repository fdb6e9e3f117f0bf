import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from './cn';
import { ScrollBox } from './scroll-box';

/**
 * Dense table parts with one look everywhere; numbers use `numeric` (right-aligned, tabular); `className` wins over the defaults.
 * A narrow screen scrolls a wide table inside its own box. A fixed layout (`table-fixed`) shares
 * out the box's width, which on a phone leaves columns too thin to read: such a table keeps at
 * least 48rem (a caller with many fixed columns asks for more through `className`).
 */
export function Table({ className, ...props }: HTMLAttributes<HTMLTableElement>) {
  const fixed = className?.split(/\s+/).includes('table-fixed');
  return (
    // `relative`: screen-reader-only text in a cell is positioned inside the box, not off the page.
    <ScrollBox className="relative overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className={cn('w-full border-collapse text-left text-[13px]', fixed && 'min-w-[48rem]', className)} {...props} />
    </ScrollBox>
  );
}

/** The header: its children are the `Th` cells of its one row. */
export function THead({ className, children, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return (
    <thead className={cn('bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900/60 dark:text-zinc-400', className)} {...props}>
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ numeric, className, ...props }: ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return (
    <th
      scope="col"
      className={cn('h-8 border-b border-zinc-200 px-3 font-medium whitespace-nowrap dark:border-zinc-800', numeric && 'text-right', className)}
      {...props}
    />
  );
}

export function Tr({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn('border-b border-zinc-100 last:border-0 hover:bg-zinc-50/70 dark:border-zinc-800/70 dark:hover:bg-zinc-900/40', className)} {...props} />;
}

export function Td({ numeric, className, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return <td className={cn('px-3 py-2 align-middle', numeric && 'text-right tabular-nums', className)} {...props} />;
}

/** The column widths of a fixed-layout table, in order (Tailwind width classes); `null` takes what is left. */
export function ColGroup({ widths }: { widths: readonly (string | null)[] }) {
  // Columns have no identity beyond their position.
  return <colgroup>{widths.map((w, i) => <col key={i} className={w ?? undefined} />)}</colgroup>;
}

/** The one row a table shows when it has none: a message across every column. */
export function EmptyRow({ colSpan, className, children }: { colSpan: number; className?: string; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className={cn('px-3 py-10 text-center text-zinc-500 dark:text-zinc-400', className)}>{children}</td>
    </tr>
  );
}

/** A message with a small spinner, for a table waiting on its first rows. */
export function Pending({ children }: { children: ReactNode }) {
  return (
    <span className="inline-flex items-center gap-2">
      <span aria-hidden className="size-3 animate-spin rounded-full border-[1.5px] border-zinc-400 border-r-transparent" />{children}
    </span>
  );
}
