'use client';

import { useEffect, useRef } from 'react';

/**
 * Refetches once when `live` turns false: polling stops with the run, and the rows that landed
 * after the last poll would otherwise never show.
 */
export function useFinalRefetch(live: boolean, refetch: () => Promise<unknown>) {
  const wasLive = useRef(live);
  useEffect(() => {
    if (wasLive.current && !live) void refetch();
    wasLive.current = live;
  }, [live, refetch]);
}
