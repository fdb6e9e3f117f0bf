'use client';

import * as Radix from '@radix-ui/react-dialog';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { CloseIcon, closeButtonClass } from '@/components/ui/dialog';
import { HomeLink, SidebarContent } from './sidebar';
import type { SignedInUser } from './user-box';

// Tailwind's `lg`: from here up the sidebar is on the page and the drawer is not needed.
const WIDE = '(min-width: 1024px)';

function MenuIcon() {
  return (
    <svg viewBox="0 0 16 16" width="18" height="18" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
      <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
    </svg>
  );
}

/**
 * Below 1024 px: a top bar with a menu button that opens the sidebar as a drawer from the left
 * (Radix dialog: focus trapped, Escape or a click outside closes it, focus returns to the button).
 * Following a link closes it, as does widening the window to where the sidebar shows.
 */
export function NavDrawer({ user }: { user: SignedInUser }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const [shownFor, setShownFor] = useState(pathname);
  if (pathname !== shownFor) {
    // A navigation (link, back/forward) closes it: adjusting state while rendering, React's pattern.
    setShownFor(pathname);
    setOpen(false);
  }

  useEffect(() => {
    const wide = window.matchMedia(WIDE);
    const onChange = () => { if (wide.matches) setOpen(false); };
    wide.addEventListener('change', onChange);
    return () => wide.removeEventListener('change', onChange);
  }, []);

  return (
    // Sticky, so the menu is in reach however far a page scrolls (the playground's own sticky header sits below it).
    <div className="sticky top-0 z-30 flex h-12 items-center gap-1 border-b border-zinc-200 bg-zinc-50/95 px-2 backdrop-blur lg:hidden dark:border-zinc-800 dark:bg-zinc-900/95">
      <Radix.Root open={open} onOpenChange={setOpen}>
        <Radix.Trigger aria-label="Open the menu" className={`${closeButtonClass} size-9`}>
          <MenuIcon />
        </Radix.Trigger>
        <Radix.Portal>
          <Radix.Overlay className="fixed inset-0 z-50 bg-zinc-950/40 transition-opacity duration-200 starting:opacity-0 lg:hidden" />
          <Radix.Content
            aria-describedby={undefined}
            className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col overflow-y-auto border-r border-zinc-200 bg-zinc-50 shadow-2xl outline-none transition-transform duration-200 ease-out starting:-translate-x-8 lg:hidden dark:border-zinc-800 dark:bg-zinc-900"
          >
            <Radix.Title className="sr-only">Menu</Radix.Title>
            <div className="flex items-center justify-between pr-2">
              <HomeLink onNavigate={() => setOpen(false)} />
              <Radix.Close aria-label="Close the menu" className={`${closeButtonClass} size-9`}><CloseIcon /></Radix.Close>
            </div>
            <SidebarContent user={user} showHome={false} onNavigate={() => setOpen(false)} />
          </Radix.Content>
        </Radix.Portal>
      </Radix.Root>
      <HomeLink />
    </div>
  );
}
