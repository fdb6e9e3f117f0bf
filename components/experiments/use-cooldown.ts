'use client';

import { useEffect, useState } from 'react';

import { TOGGLE_COOLDOWN_MS } from '@/lib/experiments/api-schemas';

/** Milliseconds left before stop/resume is allowed again; ticks only while `active` (menu open). */
export function useCooldownLeft(toggledAt: string | null, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active || !toggledAt) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active, toggledAt]);
  return toggledAt ? Math.max(0, TOGGLE_COOLDOWN_MS - (now - Date.parse(toggledAt))) : 0;
}
