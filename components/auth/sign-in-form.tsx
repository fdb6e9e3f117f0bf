'use client';

import { useState, type FormEvent } from 'react';
import { authClient } from './auth-client';
import { Field, FormError, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';

/**
 * Sign in, or on an empty install create the first (admin) account. After either, a full page load
 * to where the user was going, so every server component sees the new session cookie.
 */
export function SignInForm({ firstRun, next }: { firstRun: boolean; next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    setPending(true);
    setError(null);
    const result = firstRun
      ? await authClient.signUp.email({ email, password, name: String(form.get('name') ?? '').trim() || email })
      : await authClient.signIn.email({ email, password });
    setPending(false);
    if (result.error) {
      setError(result.error.status === 429
        ? 'Too many attempts: wait a minute, then try again.'
        : result.error.message ?? 'Could not sign in');
      return;
    }
    window.location.assign(next);
  };

  return (
    <form onSubmit={submit} className="space-y-3" aria-label={firstRun ? 'Create the admin account' : 'Sign in'}>
      {firstRun && (
        <Field id="name" label="Your name">
          <input id="name" name="name" autoComplete="name" className={inputClass} />
        </Field>
      )}
      <Field id="email" label="Email">
        <input id="email" name="email" type="email" required autoComplete="email" className={inputClass} />
      </Field>
      <Field id="password" label="Password" hint={firstRun ? 'At least 10 characters.' : undefined}>
        <input id="password" name="password" type="password" required minLength={firstRun ? 10 : undefined}
          autoComplete={firstRun ? 'new-password' : 'current-password'} className={inputClass} />
      </Field>
      <FormError message={error} />
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? 'One moment…' : firstRun ? 'Create the admin account' : 'Sign in'}
      </Button>
    </form>
  );
}
