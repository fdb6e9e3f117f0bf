'use client';

import { useSyncExternalStore } from 'react';

/**
 * Where the open sheets are, so toasts can keep clear of them: each open sheet registers its
 * panel, and the toaster reads the left edge of the leftmost one and the viewport width. A toast
 * fits beside a sheet when the space to its left takes at least TOAST_MIN_WIDTH plus margins;
 * otherwise (a phone, a narrow window) it stays at the bottom and the sheet leaves room below its
 * content to scroll it clear.
 */

export const TOAST_MIN_WIDTH = 240;
export const TOAST_MAX_WIDTH = 356;
export const TOAST_GAP = 16;

export interface SheetEdge { left: number; viewport: number }

const sheets = new Set<HTMLElement>();
const listeners = new Set<() => void>();
let snapshot: SheetEdge | null = null;
let observer: ResizeObserver | null = null;

function measure(): SheetEdge | null {
  if (sheets.size === 0) return null;
  // offsetLeft of a fixed panel ignores its slide-in transform: the edge where it comes to rest.
  const left = Math.min(...[...sheets].map((el) => el.offsetLeft));
  return { left, viewport: document.documentElement.clientWidth };
}

function update() {
  const next = measure();
  if (next?.left === snapshot?.left && next?.viewport === snapshot?.viewport) return;
  snapshot = next;
  for (const l of listeners) l();
}

/** Registers an open sheet's panel (a ref callback's body); the returned function unregisters it. */
export function trackSheet(el: HTMLElement): () => void {
  sheets.add(el);
  observer ??= new ResizeObserver(update);
  observer.observe(el);
  if (sheets.size === 1) window.addEventListener('resize', update);
  update();
  return () => {
    sheets.delete(el);
    observer?.unobserve(el);
    if (sheets.size === 0) window.removeEventListener('resize', update);
    update();
  };
}

/** For a sheet panel's `ref`: tracks it while it is mounted (React 19 runs the returned cleanup). */
export const sheetRef = (el: HTMLElement | null) => (el ? trackSheet(el) : undefined);

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
};

/** The open sheets' left edge and the viewport width; null when no sheet is open. */
export function useOpenSheetEdge(): SheetEdge | null {
  return useSyncExternalStore(subscribe, () => snapshot, () => null);
}

/**
 * Where toasts go while a sheet is open: `right` (px from the viewport's right edge) and `width`
 * put them left of the sheet; null when there is no room for them there.
 */
export function toastPlacement(edge: SheetEdge | null): { right: number; width: number } | null {
  if (!edge) return null;
  const width = Math.min(TOAST_MAX_WIDTH, edge.left - 2 * TOAST_GAP);
  // Below 600 px sonner lays toasts across the whole width, whatever the offset.
  if (width < TOAST_MIN_WIDTH || edge.viewport <= 600) return null;
  return { right: edge.viewport - edge.left + TOAST_GAP, width };
}
