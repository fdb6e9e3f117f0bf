import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';
import { headers } from 'next/headers';
import { Sidebar } from '@/components/app-shell/sidebar';
import { NavDrawer } from '@/components/app-shell/nav-drawer';
import { redirect } from 'next/navigation';
import { currentPrincipal } from '@/lib/server/context';
import { isPublicPath } from '@/lib/security/request-policy';

export const metadata: Metadata = {
  title: { default: 'Experiment runner', template: '%s · Experiment runner' },
  description: 'Run prompt experiments over datasets in the background.',
};

/**
 * Sets the `dark` class before the first paint from the theme toggle's choice (localStorage
 * "theme", see components/app-shell/theme-toggle.tsx), so a dark page never flashes light. Here
 * rather than imported: values exported from a client module are references on the server.
 */
const THEME_INIT_SCRIPT = `(function(){try{var t=localStorage.getItem('theme');var d=t==='dark'||(t!=='light'&&window.matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d);}catch(e){}})();`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP (proxy.ts) allows inline scripts only with this request's nonce.
  const requestHeaders = await headers();
  const nonce = requestHeaders.get('x-nonce') ?? undefined;
  const principal = await currentPrincipal();
  // Checked here, above every loading boundary, so the answer is a real redirect and not a page
  // that has already started streaming (each page checks again, with its own access level).
  const pathname = requestHeaders.get('x-pathname') ?? '/';
  if (!principal && !isPublicPath(pathname)) redirect(pathname === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(pathname)}`);
  const user = principal && { name: principal.name, email: principal.email, role: principal.role };
  return (
    // The theme script sets the `dark` class before React hydrates, hence suppressHydrationWarning.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_INIT_SCRIPT }} />
      </head>
      <body className="bg-white text-[13px] text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Providers>
          {user ? (
            // Below 1024 px the sidebar is a drawer opened from a top bar (NavDrawer).
            <div className="flex min-h-screen flex-col lg:flex-row">
              <Sidebar user={user} />
              <NavDrawer user={user} />
              <main className="min-w-0 flex-1">{children}</main>
            </div>
          ) : children}
        </Providers>
      </body>
    </html>
  );
}
