'use client';

import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Estimate, EstimateRequest, TokenRange } from '@/lib/costs/estimate-schema';
import { MEASURE_ITEMS } from '@/lib/costs/estimate-schema';
import { useDebounced } from '@/components/playground/use-debounced';
import { Button } from '@/components/ui/button';
import { formatInt } from '@/components/format';
import { formatCost, formatTokens } from './format-cost';
import { estimateQuery, fetchEstimate } from './estimate-query';

const range = (r: TokenRange, format: (n: number) => string) =>
  r.high === null ? `${format(r.low)}+` : r.low === r.high ? format(r.low) : `${format(r.low)}–${format(r.high)}`;

const outputWhy: Record<Estimate['outputTokens']['source'], (e: Estimate) => string> = {
  measured: (e) => `${range(e.outputTokens.perCall, formatInt)} a call, measured on ${e.measured?.calls ?? 0} items`,
  max_tokens: (e) => `up to ${formatInt(e.outputTokens.perCall.high ?? 0)} a call (max tokens)`,
  quota: (e) => `up to ${formatInt(e.outputTokens.perCall.high ?? 0)} a call (the max-tokens quota)`,
  unknown: () => 'no upper bound: set max tokens or measure',
};

/**
 * What a run would cost, before Run: calls, input and output tokens and the price range, updated
 * as the prompt, dataset and model change (debounced). "Measure" sends a few real calls to bound
 * the output better; its answer stays until the form changes.
 */
export function CostEstimate({ request, className }: { request: EstimateRequest | null; className?: string }) {
  const liveKey = useMemo(() => (request ? JSON.stringify(request) : ''), [request]);
  const key = useDebounced(liveKey, 400);
  const query = useQuery({ ...estimateQuery(key), placeholderData: keepPreviousData });
  const measure = useMutation({ mutationFn: (k: string) => fetchEstimate({ ...JSON.parse(k) as EstimateRequest, measure: true }) });
  const measured = measure.data && measure.variables === liveKey ? measure.data : undefined;
  const e = measured ?? (liveKey ? query.data : undefined);
  const stale = liveKey !== key || query.isFetching;
  const perVariant = (request?.variants?.length ?? 0) > 1;

  if (!request) return null;
  return (
    <section aria-label="Cost estimate" aria-live="polite" aria-busy={stale}
      className={`rounded-md border border-zinc-200 bg-white/70 px-3 py-2 text-xs dark:border-zinc-800 dark:bg-zinc-900/40 ${className ?? ''}`}>
      {query.isError && !stale && <p className="text-amber-700 dark:text-amber-400">Could not estimate the cost: {query.error.message}</p>}
      {/* A pulsing dot, not pulsing text: text faded mid-pulse is too faint to read (WCAG 1.4.3). */}
      {!e && !query.isError && <p className="flex items-center gap-1.5 text-zinc-500 dark:text-zinc-400"><Pulse />Estimating the cost…</p>}
      {e && !(query.isError && !stale && !measured) && (
        <div>
          <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <span className="inline-flex items-center gap-1.5 font-medium text-zinc-700 dark:text-zinc-200">Estimate{stale && !measured && <Pulse />}</span>
            <span data-testid="estimate-calls"><b className="tabular-nums">{formatInt(e.calls.total)}</b> {e.calls.total === 1 ? 'call' : 'calls'}</span>
            <span data-testid="estimate-input" title={`${formatInt(e.inputTokens.expected)} input tokens expected (${range(e.inputTokens, formatInt)})`}>
              <b className="tabular-nums">~{formatTokens(e.inputTokens.expected)}</b> input tokens
            </span>
            <span data-testid="estimate-output"><b className="tabular-nums">{range(e.outputTokens, formatTokens)}</b> output tokens</span>
            <span data-testid="estimate-cost">
              {e.cost
                ? <b className="tabular-nums">{range(e.cost, formatCost)}</b>
                : <span className="text-amber-700 dark:text-amber-400" title="Set a price in Settings → Provider connections">no price set{e.missingPrices.length ? ` (${e.missingPrices.join(', ')})` : ''}</span>}
            </span>
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-zinc-500 dark:text-zinc-400">
            <span>
              {e.variants && e.variants > 1 && <>{formatInt(e.variants)} variants over </>}
              {formatInt(e.eligibleItems)} {e.eligibleItems === 1 ? 'item' : 'items'}
              {e.calls.judge > 0 && `, ${formatInt(e.calls.judge)} judge calls`}
              {e.sampledItems < e.eligibleItems && ` · prompts of ${formatInt(e.sampledItems)} sampled items tokenized`}
              {' · output '}{outputWhy[e.outputTokens.source](e)}
              {e.pricesAsOf && ` · prices as of ${e.pricesAsOf}`}
            </span>
            {e.eligibleItems > 0 && (
              <Button size="sm" variant="ghost" className="h-6 px-1.5 text-xs" disabled={measure.isPending}
                title={`Sends ${MEASURE_ITEMS} real calls${perVariant ? ' per variant' : ''} (paid, not recorded) to measure the output`}
                onClick={() => measure.mutate(liveKey)}>
                {measure.isPending ? 'Measuring…' : `Measure on ${MEASURE_ITEMS} items${perVariant ? ' per variant' : ''}`}
              </Button>
            )}
          </p>
          {measured?.measured?.error && <p className="mt-1 text-amber-700 dark:text-amber-400">{measured.measured.failed} of the measuring calls failed: {measured.measured.error}</p>}
          {measure.isError && measure.variables === liveKey && <p className="mt-1 text-amber-700 dark:text-amber-400">Could not measure: {measure.error.message}</p>}
        </div>
      )}
    </section>
  );
}

/** Shows that an estimate is being worked out (or refreshed). */
function Pulse() {
  return <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-accent-500" />;
}
