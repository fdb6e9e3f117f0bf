import Link from 'next/link';
import { Button, buttonClass } from '@/components/ui/button';

function PlaygroundIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <rect x="1.5" y="2.5" width="13" height="11" rx="2" />
      <path d="M6.5 6l3 2-3 2z" />
    </svg>
  );
}

/**
 * One click to the full experiment builder (evaluators, repetitions, concurrency, parameters,
 * response schema) with this dataset chosen. Disabled, with the reason, while it has no items.
 */
export function OpenInPlayground({ datasetId, itemCount, reasonId }: { datasetId: string; itemCount: number; reasonId: string }) {
  const label = <><PlaygroundIcon />Open in playground<span className="sr-only"> with this dataset</span></>;
  if (itemCount === 0) return <Button variant="primary" disabled aria-describedby={reasonId}>{label}</Button>;
  return <Link href={`/playground?dataset=${datasetId}`} className={buttonClass('primary')}>{label}</Link>;
}
