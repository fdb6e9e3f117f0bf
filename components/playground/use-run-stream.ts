'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { PlaygroundRun } from '@/lib/playground/runs';
import { runStreamQuery } from './queries';

/** Keep polling this long after the experiment ends: calls in flight at a stop still land. */
const SETTLE_MS = 8_000;

const NO_RUNS: ReadonlyMap<string, PlaygroundRun> = new Map();

/**
 * The runs of one experiment, kept current by `runStreamQuery`: polled every second while `live`
 * and for a few seconds after it ends.
 */
export function useRunStream(experimentId: string | null, live: boolean) {
  const queryClient = useQueryClient();
  const [settling, setSettling] = useState(false);
  const [wasLive, setWasLive] = useState(live);
  // Adjusted while rendering (not in an effect), so the poll that follows the end is not skipped.
  if (wasLive !== live) {
    setWasLive(live);
    setSettling(!live);
  }
  useEffect(() => {
    if (!settling) return;
    const timer = setTimeout(() => setSettling(false), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [settling]);

  const query = useQuery({
    ...runStreamQuery(queryClient, experimentId ?? '', live || settling),
    enabled: !!experimentId,
  });
  return { runs: query.data?.runs ?? NO_RUNS, error: query.error ? query.error.message : null };
}
