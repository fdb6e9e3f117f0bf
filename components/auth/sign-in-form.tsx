'use client';

import { useState, type FormEvent } from 'react';
import { authClient } from './auth-client';
import { Field, FormError } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
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
          <Input id="name" name="name" autoComplete="name" />
        </Field>
      )}
      <Field id="email" label="Email">
        <Input id="email" name="email" type="email" required autoComplete="email" />
      </Field>
      <Field id="password" label="Password" hint={firstRun ? 'At least 10 characters.' : undefined}>
        <Input id="password" name="password" type="password" required minLength={firstRun ? 10 : undefined}
          autoComplete={firstRun ? 'new-password' : 'current-password'} />
      </Field>
      <FormError message={error} />
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? 'One moment…' : firstRun ? 'Create the admin account' : 'Sign in'}
      </Button>
    </form>
  );
}
