import Link from 'next/link';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass } from '@/components/ui/button';

export default function ExperimentNotFound() {
  return (
    <>
      <PageHeader title="Experiment not found" crumbs={[{ label: 'Experiments', href: '/experiments' }, { label: 'Not found' }]} />
      <PageBody>
        <EmptyState title="This experiment does not exist" action={<Link href="/experiments" className={buttonClass()}>All experiments</Link>}>
          It may have been deleted, or the link is wrong.
        </EmptyState>
      </PageBody>
    </>
  );
}
