'use client';

import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';

/**
 * A centred dialog with the app's look (Radix: focus is trapped, Escape closes, focus returns to
 * the trigger). `trigger` is optional for dialogs opened from elsewhere.
 */
export function Modal({ open, onOpenChange, trigger, title, description, children, footer, width = 'md' }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  width?: 'sm' | 'md' | 'lg';
}) {
  const w = { sm: 'w-[min(28rem,calc(100vw-2rem))]', md: 'w-[min(36rem,calc(100vw-2rem))]', lg: 'w-[min(48rem,calc(100vw-2rem))]' }[width];
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-zinc-950/40 backdrop-blur-[1px]" />
        <Dialog.Content
          className={`fixed left-1/2 top-1/2 z-50 flex max-h-[calc(100vh-2rem)] ${w} -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg border border-zinc-200 bg-white shadow-xl dark:border-zinc-800 dark:bg-zinc-900`}
        >
          <div className="border-b border-zinc-100 px-5 pb-3 pt-4 dark:border-zinc-800">
            <Dialog.Title className="text-sm font-semibold">{title}</Dialog.Title>
            {description
              ? <Dialog.Description className="mt-1 text-zinc-500 dark:text-zinc-400">{description}</Dialog.Description>
              : <Dialog.Description className="sr-only">{typeof title === 'string' ? title : 'Dialog'}</Dialog.Description>}
          </div>
          {children && <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{children}</div>}
          {footer && <div className="flex items-center justify-end gap-2 border-t border-zinc-100 px-5 py-3 dark:border-zinc-800">{footer}</div>}
          <Dialog.Close
            aria-label="Close"
            className="absolute right-3 top-3 inline-flex size-7 items-center justify-center rounded-md text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
          >
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
              <path d="M4 4l8 8M12 4l-8 8" />
            </svg>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A dialog asking to confirm one destructive step; pass the button that opens it as `trigger` so focus returns to it. */
export function ConfirmDialog({ open, onOpenChange, trigger, title, children, confirmLabel, pendingLabel, pending, onConfirm, error }: {
  open: boolean; onOpenChange: (open: boolean) => void; trigger?: ReactNode; title: string; children: ReactNode;
  confirmLabel: string; pendingLabel: string; pending: boolean; onConfirm: () => void; error?: string | null;
}) {
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      trigger={trigger}
      width="sm"
      title={title}
      description={children}
      footer={
        <>
          {error && <p role="alert" className="mr-auto text-xs text-red-600 dark:text-red-400">{error}</p>}
          <Dialog.Close asChild>
            <Button autoFocus>Cancel</Button>
          </Dialog.Close>
          <Button variant="danger" onClick={onConfirm} disabled={pending}>
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </>
      }
    />
  );
}
