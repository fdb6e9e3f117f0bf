'use client';

import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { buttonClass } from '@/components/ui/button';
import { exportHref, type ExportFilter, type ExportFormat } from '@/lib/experiments/export-params';

const FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'csv', label: 'CSV', hint: 'For spreadsheets: one row per run, a column per score' },
  { format: 'jsonl', label: 'JSONL', hint: 'For code: one JSON object per run, values as stored' },
];

function DownloadIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
      <path d="M8 2.5v8M4.5 7 8 10.5 11.5 7M3 13.5h10" />
    </svg>
  );
}

/** What a download holds ("failed runs of variant 2"): the status and variant filters apply, a score or item filter does not. */
function whatIsExported(filter: ExportFilter): string {
  const runs = filter.status === 'all' ? (filter.variant === null ? 'every run' : 'the runs') : `${filter.status} runs`;
  return filter.variant === null ? runs : `${runs} of variant ${filter.variant}`;
}

/**
 * The experiment page's Export menu: plain download links to the export route (the browser
 * streams the file to disk; nothing passes through this page), keeping the runs table's filter.
 */
export function ExportMenu({ experimentId, filter }: { experimentId: string; filter: ExportFilter }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger className={buttonClass('secondary')}>
        <DownloadIcon />
        Export
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-72">
        <p className="px-2 pb-1 pt-1.5 text-xs text-zinc-500 dark:text-zinc-400">Downloads {whatIsExported(filter)}</p>
        {FORMATS.map(({ format, label, hint }) => (
          <DropdownMenuItem key={format} asChild>
            <a href={exportHref(experimentId, format, filter)} download>
              <span>{label}</span>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>
            </a>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
