'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A box whose content may be wider than it (a table on a phone): it scrolls sideways inside, never
 * the page. While it does, it is a keyboard stop so arrow keys can scroll it (WCAG 2.1.1: a
 * scrolling region with nothing focusable inside must be reachable); when all fits, it is not.
 */
export function ScrollBox({ className, children }: { className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => setScrolls(box.scrollWidth > box.clientWidth + 1);
    const observer = new ResizeObserver(check);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    check();
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} tabIndex={scrolls ? 0 : undefined} className={`${className ?? ''} focus-visible:outline-2 focus-visible:outline-accent-500`}>
      {children}
    </div>
  );
}
