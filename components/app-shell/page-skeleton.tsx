import { Skeleton, TableSkeleton } from '@/components/ui/skeleton';

/** What a page shows while its server component loads: header shape plus table rows. */
export function PageSkeleton({ label, sections = 1 }: { label: string; sections?: number }) {
  return (
    <>
      <div className="border-b border-zinc-200 px-4 pb-5 pt-4 sm:px-8 dark:border-zinc-800">
        <Skeleton className="mb-3 h-3 w-32" />
        <Skeleton className="h-5 w-64" />
      </div>
      <div className="space-y-8 px-4 py-6 sm:px-8">
        {Array.from({ length: sections }, (_, i) => (
          <div key={i} className="space-y-3">
            <Skeleton className="h-4 w-28" />
            <TableSkeleton rows={i === 0 ? 4 : 6} label={label} />
          </div>
        ))}
      </div>
    </>
  );
}
