import Link from 'next/link';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass } from '@/components/ui/button';

export default function NotFound() {
  return (
    <>
      <PageHeader title="Not found" />
      <PageBody>
        <EmptyState title="There is nothing at this address" action={<Link href="/datasets" className={buttonClass()}>Go to datasets</Link>}>
          The link may be wrong, or what it pointed to was deleted.
        </EmptyState>
      </PageBody>
    </>
  );
}
