// Tokens and cost of an experiment, from its counters (polled with its progress): the table cell,
// and the longer form for the details sheet, the experiment page and compare.
import type React from 'react';
import { formatInt } from '@/components/format';
import { formatCost, formatTokens } from './format-cost';
import { StatTile, StatTiles } from '@/components/ui/stat-tiles';

export interface CostFields {
  promptTokens: number; completionTokens: number; cachedPromptTokens: number;
  costUsd: number | null; unpricedCalls: number; costNote: string | null;
}

function tokensTitle(c: CostFields) {
  return `${formatInt(c.promptTokens)} prompt tokens (${formatInt(c.cachedPromptTokens)} cached), ${formatInt(c.completionTokens)} completion tokens`;
}

/** The cost, or "no price set" (never a silent $0), with a mark when part of it is unknown. */
export function CostValue({ c, className }: { c: CostFields; className?: string }) {
  if (c.costUsd === null) {
    return <span className={`text-amber-700 dark:text-amber-400 ${className ?? ''}`} title="These calls' model has no price: set one in Settings → Provider connections → Prices" data-testid="cost">no price set</span>;
  }
  return (
    <span className={className} data-testid="cost" title={c.costNote ?? undefined}>
      {formatCost(c.costUsd)}{c.costNote && <span className="text-amber-700 dark:text-amber-400" aria-label={`, ${c.costNote}`}>*</span>}
    </span>
  );
}

/** Table cell: the cost over the token total. */
export function CostCell({ c }: { c: CostFields }) {
  const total = c.promptTokens + c.completionTokens;
  if (total === 0 && c.unpricedCalls === 0) return <span className="text-xs text-zinc-500 dark:text-zinc-400" title="No call recorded yet">—</span>;
  return (
    <div className="flex flex-col items-end leading-tight">
      <CostValue c={c} className="font-medium tabular-nums" />
      <span className="text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400" title={tokensTitle(c)}>{formatTokens(total)} tok</span>
    </div>
  );
}

/** "$0.0123 · 12,345 in (1,024 cached) · 2,345 out": the long form. */
export function CostLine({ c }: { c: CostFields }) {
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-1.5 tabular-nums" data-testid="cost-line">
      <CostValue c={c} className="font-medium" />
      <span aria-hidden className="text-zinc-300 dark:text-zinc-600">·</span>
      <span title={tokensTitle(c)}>
        {formatInt(c.promptTokens)} in{c.cachedPromptTokens > 0 ? ` (${formatInt(c.cachedPromptTokens)} cached)` : ''}
        {' · '}{formatInt(c.completionTokens)} out
      </span>
      {c.costNote && c.costUsd !== null && <span className="text-xs text-amber-700 dark:text-amber-400">({c.costNote})</span>}
    </span>
  );
}

/** "12,345 in · 2,345 out": the tokens under a cost tile. */
export function CostTokens({ c }: { c: CostFields }) {
  return <span title={tokensTitle(c)}>{formatTokens(c.promptTokens)} in · {formatTokens(c.completionTokens)} out{c.costNote && c.costUsd !== null ? ` · ${c.costNote}` : ''}</span>;
}

/** The details sheet's cost block: cost and the three token counts. */
export function CostStats({ c }: { c: CostFields }) {
  return (
    <StatTiles label="Cost and tokens" className="grid-cols-4">
      <StatTile label="Cost" value={<CostValue c={c} />} sub={c.costNote && c.costUsd !== null ? c.costNote : undefined} />
      <StatTile label="Prompt tokens" value={formatInt(c.promptTokens)} />
      <StatTile label="Cached" value={formatInt(c.cachedPromptTokens)} sub="of the prompt tokens" />
      <StatTile label="Completion tokens" value={formatInt(c.completionTokens)} />
    </StatTiles>
  );
}
