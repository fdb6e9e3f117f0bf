'use client';

import { useEffect, useRef, useState } from 'react';
import type { PlaygroundRun, RunChanges } from '@/lib/playground/runs';
import { laterCursor } from '@/lib/playground/cursor';

const POLL_MS = 1_000;
/** Re-read this much before the cursor: a write stamped earlier may commit a little later. */
const OVERLAP_MS = 1_000;
/** Keep polling this long after the run ends: calls in flight at a stop still land. */
const SETTLE_MS = 8_000;
/** Pages fetched back to back in one poll before yielding to the next tick. */
const MAX_PAGES_PER_TICK = 10;

async function fetchChanges(url: string, signal: AbortSignal): Promise<RunChanges> {
  const res = await fetch(url, { signal, cache: 'no-store' });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as { error?: string } | null)?.error ?? `Request failed (${res.status})`);
  return body as RunChanges;
}

/**
 * The runs of one experiment, kept current: polls `/api/experiments/[id]/runs` every second
 * while `live` (and a few seconds after), fetching only what changed since its cursor, and
 * merging by run id.
 */
export function useRunStream(experimentId: string | null, live: boolean) {
  const [runs, setRuns] = useState<ReadonlyMap<string, PlaygroundRun>>(() => new Map());
  const [error, setError] = useState<string | null>(null);
  const cursor = useRef<string | null>(null);
  const liveRef = useRef(live);
  const endedAt = useRef<number | null>(null);

  useEffect(() => {
    if (liveRef.current && !live) endedAt.current = Date.now();
    if (live) endedAt.current = null;
    liveRef.current = live;
  }, [live]);

  // A new experiment starts from an empty table.
  useEffect(() => {
    cursor.current = null;
    endedAt.current = null;
    setRuns(new Map());
    setError(null);
  }, [experimentId]);

  useEffect(() => {
    if (!experimentId) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const tick = async () => {
      try {
        let strict = false;
        for (let page = 0; page < MAX_PAGES_PER_TICK; page++) {
          const q = new URLSearchParams();
          if (cursor.current) {
            q.set('after', cursor.current);
            if (!strict) q.set('overlapMs', String(OVERLAP_MS));
          }
          const { runs: changed, more } = await fetchChanges(`/api/experiments/${experimentId}/runs?${q}`, abort.signal);
          if (changed.length) {
            setRuns((prev) => {
              const next = new Map(prev);
              for (const r of changed) next.set(r.id, r);
              return next;
            });
            cursor.current = laterCursor(cursor.current, changed[changed.length - 1].cursor);
          }
          if (!more) break;
          // A full page: page on from the cursor, exactly (no overlap), until caught up.
          strict = true;
        }
        setError(null);
      } catch (err) {
        if (abort.signal.aborted) return;
        setError(err instanceof Error ? err.message : String(err));
      }
      const settling = endedAt.current !== null && Date.now() - endedAt.current < SETTLE_MS;
      if (!abort.signal.aborted && (liveRef.current || settling)) timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [experimentId, live]);

  return { runs, error };
}
