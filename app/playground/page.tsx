import type { Metadata } from 'next';
import Link from 'next/link';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Playground' };

export default function PlaygroundPage() {
  return (
    <>
      <PageHeader title="Playground" crumbs={[{ label: 'Playground' }]} description="Try a prompt on a dataset, see results row by row, and record it as an experiment." />
      <PageBody>
        <EmptyState
          title="The playground is coming next"
          action={<Link href="/datasets" className={buttonClass('primary')}>Open a dataset</Link>}
        >
          Meanwhile, run an experiment from a dataset page: it runs in the background and the table shows its progress live.
        </EmptyState>
      </PageBody>
    </>
  );
}
