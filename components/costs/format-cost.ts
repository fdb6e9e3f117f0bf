// Money and token counts as the cost displays show them. Client-safe.
import { formatInt } from '@/components/format';

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
const tiny = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });

/** "$12.34", "$0.0123", "$0.000041": small experiments cost fractions of a cent, and 0 would lie. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd >= 1) return dollars.format(usd);
  if (usd >= 0.01) return cents.format(usd);
  return tiny.format(usd);
}

/** "1.2M", "34.5k", "812": token counts in a narrow cell. */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${+(n / 1_000).toFixed(1)}k`;
  return formatInt(n);
}
