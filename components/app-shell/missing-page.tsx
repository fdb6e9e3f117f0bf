import Link from 'next/link';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass } from '@/components/ui/button';

/** The not-found screen of one record ("Dataset", under Datasets), with the way back to its list. */
export function MissingPage({ noun, list }: { noun: string; list: { label: string; href: string } }) {
  return (
    <>
      <PageHeader title={`${noun} not found`} crumbs={[list, { label: 'Not found' }]} />
      <PageBody>
        <EmptyState title={`This ${noun.toLowerCase()} does not exist`}
          action={<Link href={list.href} className={buttonClass()}>All {list.label.toLowerCase()}</Link>}>
          It may have been deleted, or the link is wrong.
        </EmptyState>
      </PageBody>
    </>
  );
}
