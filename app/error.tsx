'use client';

import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { Button } from '@/components/ui/button';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <PageHeader title="Something went wrong" />
      <PageBody>
        <EmptyState title="This page could not be loaded" action={<Button onClick={reset}>Try again</Button>}>
          The server may be restarting or the database unreachable. {error.digest && <span className="font-mono text-xs">(ref {error.digest})</span>}
        </EmptyState>
      </PageBody>
    </>
  );
}
