'use client';

import { useEffect, useRef } from 'react';

export const HEARTBEAT_MS = 5_000;
const LEAVE_QUESTION = 'This experiment is not recorded: leaving the page stops it. Leave anyway?';

/** A timer that background tabs do not throttle to once a minute (a worker's timers are exempt). */
function startTicker(ms: number, onTick: () => void): () => void {
  try {
    const url = URL.createObjectURL(new Blob([`setInterval(() => postMessage(0), ${ms});`], { type: 'text/javascript' }));
    const worker = new Worker(url);
    worker.onmessage = onTick;
    return () => { worker.terminate(); URL.revokeObjectURL(url); };
  } catch {
    const timer = setInterval(onTick, ms);
    return () => clearInterval(timer);
  }
}

const stopUrl = (id: string) => `/api/experiments/${id}/stop`;

/**
 * While an unrecorded run is running, this page keeps it alive and takes it down with it:
 * a heartbeat every 5 s (the worker stops it when they cease), a question before the page unloads
 * or an in-app link is followed, and a stop when the page goes or this view unmounts.
 */
export function useUnrecordedGuard(experimentId: string | null, active: boolean) {
  const guarded = useRef<string | null>(null);
  useEffect(() => { guarded.current = active ? experimentId : null; }, [experimentId, active]);

  // Heartbeats.
  useEffect(() => {
    if (!active || !experimentId) return;
    const beat = () => { void fetch(`/api/experiments/${experimentId}/heartbeat`, { method: 'POST', keepalive: true }).catch(() => {}); };
    beat();
    return startTicker(HEARTBEAT_MS, beat);
  }, [experimentId, active]);

  // Leaving the page: ask first; when it goes anyway, stop the run (the heartbeat timeout is the fallback).
  useEffect(() => {
    if (!active || !experimentId) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = LEAVE_QUESTION;
      return LEAVE_QUESTION;
    };
    const pageHide = () => { navigator.sendBeacon?.(stopUrl(experimentId)); };
    // Client-side navigation fires no beforeunload: ask on in-app link clicks before Next.js sees them.
    const click = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || a.target === '_blank' || a.hasAttribute('download')) return;
      const url = new URL(a.href, location.href);
      if (url.origin !== location.origin || (url.pathname === location.pathname && url.search === location.search)) return;
      if (!window.confirm(LEAVE_QUESTION)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    window.addEventListener('pagehide', pageHide);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener('pagehide', pageHide);
      document.removeEventListener('click', click, true);
    };
  }, [experimentId, active]);

  // The playground unmounts (in-app navigation, back button): stop what it was running unrecorded.
  useEffect(() => () => {
    const id = guarded.current;
    if (id) void fetch(stopUrl(id), { method: 'POST', keepalive: true }).catch(() => {});
  }, []);
}
