'use client';

import type { ReactNode, RefObject } from 'react';
import { Button } from './button';
import { Dialog, DialogClose } from './dialog';

/**
 * Asks to confirm one destructive step. Cancel has the initial focus, so Enter never destroys by
 * accident. Pass the button that opens it as `trigger`, or `returnFocusTo` when it opens from a menu.
 */
export function ConfirmDialog({ open, onOpenChange, trigger, returnFocusTo, title, children, confirmLabel, pendingLabel, pending, onConfirm, error }: {
  open: boolean; onOpenChange: (open: boolean) => void; trigger?: ReactNode; returnFocusTo?: RefObject<HTMLElement | null>;
  title: string; children: ReactNode; confirmLabel: string; pendingLabel: string; pending: boolean; onConfirm: () => void;
  error?: string | null;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={trigger}
      returnFocusTo={returnFocusTo}
      width="sm"
      title={title}
      description={children}
      footer={
        <>
          {error && <p role="alert" className="mr-auto text-xs text-red-600 dark:text-red-400">{error}</p>}
          <DialogClose asChild>
            <Button autoFocus>Cancel</Button>
          </DialogClose>
          <Button variant="danger" onClick={onConfirm} disabled={pending}>
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </>
      }
    />
  );
}
