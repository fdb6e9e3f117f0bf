'use client';

import { useState } from 'react';
import { authClient } from '@/components/auth/auth-client';

export interface SignedInUser { name: string; email: string; role: 'admin' | 'member' }

/** Who is signed in, and the way out. */
export function UserBox({ user }: { user: SignedInUser }) {
  const [pending, setPending] = useState(false);
  const signOut = async () => {
    setPending(true);
    await authClient.signOut();
    window.location.assign('/sign-in');
  };
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2.5 py-2 dark:border-zinc-800 dark:bg-zinc-900">
      <p className="truncate text-xs font-medium text-zinc-800 dark:text-zinc-100" title={user.email}>{user.name || user.email}</p>
      <p className="truncate text-[11px] text-zinc-500 dark:text-zinc-400">{user.email} · {user.role}</p>
      <button
        type="button"
        onClick={() => void signOut()}
        disabled={pending}
        className="mt-1.5 text-xs font-medium text-accent-700 hover:underline focus-visible:outline-2 focus-visible:outline-accent-500 disabled:opacity-50 dark:text-accent-400"
      >
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}
