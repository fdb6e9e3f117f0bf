'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A box whose content may be larger than it (a table on a phone, a long prompt, raw JSON): it
 * scrolls inside, never the page. While it does, it is a keyboard stop so arrow keys can scroll it
 * (WCAG 2.1.1: a scrolling region with nothing focusable inside must be reachable), named by
 * `label` when given; when all fits, it is not.
 */
export function ScrollBox({ className, label, children }: { className?: string; label?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => setScrolls(box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1);
    const observer = new ResizeObserver(check);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    check();
    return () => observer.disconnect();
  }, []);
  const stop = scrolls ? { tabIndex: 0, ...(label ? { role: 'region', 'aria-label': label } : {}) } : {};
  return (
    <div ref={ref} {...stop} className={`${className ?? ''} focus-visible:outline-2 focus-visible:outline-accent-500`}>
      {children}
    </div>
  );
}
