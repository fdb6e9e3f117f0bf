'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { DatasetsIcon, ExperimentsIcon, LogoMark, PlaygroundIcon, SettingsIcon } from './nav-icons';
import { ThemeToggle } from './theme-toggle';
import { UserBox, type SignedInUser } from './user-box';

const NAV: { href: string; label: string; icon: ReactNode }[] = [
  { href: '/datasets', label: 'Datasets', icon: <DatasetsIcon /> },
  { href: '/playground', label: 'Playground', icon: <PlaygroundIcon /> },
  { href: '/experiments', label: 'Experiments', icon: <ExperimentsIcon /> },
  { href: '/settings', label: 'Settings', icon: <SettingsIcon /> },
];

const isCurrent = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

const linkBase = 'flex h-8 items-center gap-2.5 rounded-md px-2.5 transition-colors focus-visible:outline-2 focus-visible:outline-accent-500';
const linkCurrent = 'bg-white font-medium text-zinc-900 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-50 dark:ring-zinc-700';
const linkIdle = 'text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100';

/** The app's name, linking home; in the sidebar and in the narrow-screen top bar. */
export function HomeLink({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <Link href="/datasets" onClick={onNavigate} className="flex h-12 items-center gap-2 px-4 font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-accent-500">
      <LogoMark />
      <span>Experiment runner</span>
    </Link>
  );
}

/**
 * What the sidebar holds: name, main navigation, who is signed in, theme. The same in the wide
 * sidebar and in the narrow-screen drawer, where `onNavigate` closes the drawer.
 */
export function SidebarContent({ user, onNavigate, showHome = true }: { user: SignedInUser; onNavigate?: () => void; showHome?: boolean }) {
  const pathname = usePathname() ?? '';
  return (
    <>
      {showHome && <HomeLink onNavigate={onNavigate} />}
      <nav aria-label="Main" className="flex-1 px-2 py-2">
        <ul className="space-y-0.5">
          {NAV.map((item) => {
            const current = isCurrent(pathname, item.href);
            return (
              <li key={item.href}>
                <Link href={item.href} onClick={onNavigate} aria-current={current ? 'page' : undefined} className={`${linkBase} ${current ? linkCurrent : linkIdle}`}>
                  <span className={current ? 'text-accent-600 dark:text-accent-400' : ''}>{item.icon}</span>
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="space-y-3 px-3 py-3">
        <UserBox user={user} />
        <ThemeToggle />
        <p className="px-1 text-xs text-zinc-600 dark:text-zinc-400">Recorded experiments keep running when you leave a page.</p>
      </div>
    </>
  );
}

/** The sidebar of a wide screen (1024 px and up); narrower screens get the drawer (nav-drawer.tsx). */
export function Sidebar({ user }: { user: SignedInUser }) {
  // The outer box stretches with the page (background, border); the inner one stays in view.
  return (
    <aside className="hidden w-52 shrink-0 border-r border-zinc-200 bg-zinc-50/80 lg:block dark:border-zinc-800 dark:bg-zinc-900/40">
      <div className="sticky top-0 flex h-screen flex-col">
        <SidebarContent user={user} />
      </div>
    </aside>
  );
}
