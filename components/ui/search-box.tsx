'use client';

import { useEffect, useRef, useState } from 'react';
import { Input } from '@/components/ui/input';

/**
 * A search field that reports its text once typing pauses (or at once on Enter). `value` is the
 * search in effect (from the URL); a change from outside (back / forward) replaces the text.
 */
export function SearchBox({ label, value, onSearch, maxLength, placeholder, delayMs = 300 }: {
  label: string; value: string; onSearch: (text: string) => void; maxLength?: number; placeholder?: string; delayMs?: number;
}) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    // Adjusting state while rendering (React's pattern for state derived from a changing input).
    setSeen(value);
    setText(value);
  }
  const report = useRef(onSearch);
  useEffect(() => { report.current = onSearch; });
  useEffect(() => {
    if (text.trim() === value.trim()) return;
    const timer = setTimeout(() => report.current(text.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [text, value, delayMs]);
  return (
    <form role="search" className="w-56" onSubmit={(e) => { e.preventDefault(); if (text.trim() !== value.trim()) onSearch(text.trim()); }}>
      <Input
        compact type="search" aria-label={label} placeholder={placeholder ?? label} value={text} maxLength={maxLength}
        onChange={(e) => setText(e.target.value)}
      />
    </form>
  );
}
