'use client';

import type { FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { createUserAction, deleteUserAction, setUserRoleAction } from '@/app/settings/account-actions';
import { Button } from '@/components/ui/button';
import { Field, FormError } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, THead, Td, Th, Tr } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';

type Role = 'admin' | 'member';

/** Marks an input invalid and ties it to its Field's message. */
const invalid = (id: string, error: string | undefined) => (error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } as const : {});

export interface UserRow { id: string; name: string; email: string; role: Role; createdAt: string }

/** Admins add people (with a first password they pass on), change roles and remove accounts. */
export function UsersSection({ users, selfId }: { users: UserRow[]; selfId: string }) {
  const router = useRouter();
  const toast = useToast();
  const { error, fieldErrors, pending, submit, formRef } = useActionForm();

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const r = await submit(() => createUserAction({
      name: String(f.get('name') ?? ''), email: String(f.get('email') ?? ''),
      password: String(f.get('password') ?? ''), role: (f.get('role') as Role) ?? 'member',
    }));
    if (!r.ok) return;
    form.reset();
    toast.success(`Added ${r.data.email}`, 'Pass on the password; they can sign in now.');
    router.refresh();
  };

  const run = async (p: Promise<{ ok: boolean; error?: string }>, done: string) => {
    const r = await p;
    if (r.ok) { toast.success(done); router.refresh(); } else toast.error('Could not change the account', r.error);
  };

  return (
    <div className="space-y-3">
      <form ref={formRef} onSubmit={create} aria-label="Add a user" className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_1fr_1fr_auto_auto] sm:items-end">
        <Field id="user-name" label="Name" error={fieldErrors.name}><Input id="user-name" name="name" {...invalid('user-name', fieldErrors.name)} /></Field>
        <Field id="user-email" label="Email" error={fieldErrors.email}><Input id="user-email" name="email" type="email" {...invalid('user-email', fieldErrors.email)} /></Field>
        <Field id="user-password" label="First password" error={fieldErrors.password}>
          <Input id="user-password" name="password" type="password" autoComplete="new-password" {...invalid('user-password', fieldErrors.password)} />
        </Field>
        <Field id="user-role" label="Role">
          <Select id="user-role" name="role" defaultValue="member">
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </Select>
        </Field>
        <Button type="submit" variant="primary" disabled={pending}>{pending ? 'Adding…' : 'Add user'}</Button>
      </form>
      <FormError message={error} />
      <Table aria-label="Users">
        <THead><Th>Name</Th><Th>Email</Th><Th>Role</Th><Th>Added</Th><Th><span className="sr-only">Actions</span></Th></THead>
        <tbody>
          {users.map((u) => (
            <Tr key={u.id}>
              <Td className="font-medium">{u.name}{u.id === selfId && <span className="ml-1.5 text-xs text-zinc-500 dark:text-zinc-400">(you)</span>}</Td>
              <Td>{u.email}</Td>
              <Td className="capitalize">{u.role}</Td>
              <Td><RelativeTime value={u.createdAt} /></Td>
              <Td className="space-x-1 text-right whitespace-nowrap">
                {u.id !== selfId && (
                  <>
                    <Button size="sm" variant="ghost" onClick={() => void run(setUserRoleAction({ id: u.id, role: u.role === 'admin' ? 'member' : 'admin' }), `${u.email} is now ${u.role === 'admin' ? 'a member' : 'an admin'}`)}>
                      {u.role === 'admin' ? 'Make member' : 'Make admin'}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => void run(deleteUserAction({ id: u.id }), `Removed ${u.email}`)}>Remove</Button>
                  </>
                )}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
