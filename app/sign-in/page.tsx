import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LogoMark } from '@/components/app-shell/nav-icons';
import { SignInForm } from '@/components/auth/sign-in-form';
import { currentPrincipal } from '@/lib/server/context';
import { hasAnyUser } from '@/lib/auth/users';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

/** Only a local path may follow sign-in (no open redirect). */
function safeNext(raw: string | string[] | undefined): string {
  const next = typeof raw === 'string' ? raw : '';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/datasets';
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  if (await currentPrincipal()) redirect(next);
  const firstRun = !(await hasAnyUser());
  return (
    <div className="flex min-h-screen items-center justify-center bg-zinc-50 px-4 dark:bg-zinc-950">
      <div className="w-full max-w-sm rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mb-5 flex items-center gap-2 font-semibold tracking-tight">
          <LogoMark />
          <span>Experiment runner</span>
        </div>
        <h1 className="mb-1 text-base font-semibold">{firstRun ? 'Create the admin account' : 'Sign in'}</h1>
        <p className="mb-4 text-xs text-zinc-500 dark:text-zinc-400">
          {firstRun
            ? 'This install has no accounts yet. The first one is its admin; the admin adds everyone else in Settings.'
            : 'Accounts are created by an admin in Settings → Users.'}
        </p>
        <SignInForm firstRun={firstRun} next={next} />
      </div>
    </div>
  );
}
