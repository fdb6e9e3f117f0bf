import Link from 'next/link';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass } from '@/components/ui/button';

export default function DatasetNotFound() {
  return (
    <>
      <PageHeader title="Dataset not found" crumbs={[{ label: 'Datasets', href: '/datasets' }, { label: 'Not found' }]} />
      <PageBody>
        <EmptyState title="This dataset does not exist" action={<Link href="/datasets" className={buttonClass()}>All datasets</Link>}>
          It may have been deleted, or the link is wrong.
        </EmptyState>
      </PageBody>
    </>
  );
}
