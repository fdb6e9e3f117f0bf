'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useState } from 'react';

type Params = { get(name: string): string | null };

/**
 * Page state that lives in the query string. Changes apply at once (local state) and are pushed to
 * the URL with history.pushState, which Next.js picks up without a server round trip; a URL change
 * from elsewhere (back / forward, a link) replaces the local state.
 */
export function useUrlState<T>(parse: (q: Params) => T, serialize: (value: T) => string): [T, (next: T) => void] {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const fromUrl = parse(searchParams);
  const urlKey = serialize(fromUrl);
  const [state, setState] = useState(fromUrl);
  const [seenUrlKey, setSeenUrlKey] = useState(urlKey);
  if (urlKey !== seenUrlKey) {
    // Adjusting state while rendering (React's pattern for state derived from a changing input).
    setSeenUrlKey(urlKey);
    setState(fromUrl);
  }
  const set = (next: T) => {
    setState(next);
    const q = serialize(next);
    window.history.pushState(null, '', q ? `${pathname}?${q}` : pathname);
  };
  return [state, set];
}
