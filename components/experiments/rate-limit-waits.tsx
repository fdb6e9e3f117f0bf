import { formatInt } from '@/components/format';

/** "Rate limited 37 times": how often the provider answered 429 and a call waited to be retried. */
export function RateLimitWaits({ count }: { count: number }) {
  if (!count) return null;
  return (
    <span className="text-xs tabular-nums text-amber-700 dark:text-amber-400"
      title="Calls the provider answered 429 (rate limited); each waited and was retried. The runner paces below the limit it learns.">
      Rate limited {formatInt(count)} {count === 1 ? 'time' : 'times'}
    </span>
  );
}
