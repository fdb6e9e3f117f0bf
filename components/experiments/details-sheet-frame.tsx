'use client';

import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode, RefObject } from 'react';

/**
 * A panel that slides in from the right over the page (which stays visible behind a light scrim
 * and keeps updating). Esc, the close button or a click outside close it; focus then goes back to
 * `returnFocusTo` (the menu button or the row that opened it), since the element that opened it
 * may be gone by then.
 */
export function SheetFrame({ open, onOpenChange, title, description, header, actions, children, returnFocusTo, width = 'wide', titlePrefix }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  /** Shown above the title (e.g. a status badge). */
  header?: ReactNode;
  /** Buttons and links beside the close button. */
  actions?: ReactNode;
  children: ReactNode;
  returnFocusTo?: RefObject<HTMLElement | null>;
  width?: 'wide' | 'narrow';
  /** Read before the title by screen readers only (e.g. "Details of"); part of the dialog's name. */
  titlePrefix?: string;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/15 transition-opacity duration-200 starting:opacity-0 dark:bg-black/40" />
        <Dialog.Content
          onCloseAutoFocus={(ev) => {
            if (!returnFocusTo?.current) return;
            ev.preventDefault();
            returnFocusTo.current.focus();
          }}
          className={`fixed inset-y-0 right-0 z-40 flex w-full flex-col border-l border-zinc-200 bg-white shadow-2xl shadow-zinc-900/20 outline-none transition-transform duration-200 ease-out starting:translate-x-8 starting:opacity-0 dark:border-zinc-800 dark:bg-zinc-950 ${width === 'wide' ? 'max-w-[46rem]' : 'max-w-[38rem]'}`}
        >
          <div className="flex shrink-0 items-start gap-3 border-b border-zinc-200 px-5 pb-3.5 pt-4 dark:border-zinc-800">
            <div className="min-w-0 flex-1">
              {header && <div className="mb-1.5 flex flex-wrap items-center gap-2">{header}</div>}
              <Dialog.Title className="truncate text-base font-semibold tracking-tight">
                {titlePrefix && <span className="sr-only">{titlePrefix} </span>}{title}
              </Dialog.Title>
              {description
                ? <Dialog.Description asChild><div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{description}</div></Dialog.Description>
                : <Dialog.Description className="sr-only">Details</Dialog.Description>}
            </div>
            <div className="flex shrink-0 items-center gap-1.5">
              {actions}
              <Dialog.Close
                aria-label="Close"
                className="inline-flex size-7 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
              >
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round"><path d="m4 4 8 8M12 4l-8 8" /></svg>
              </Dialog.Close>
            </div>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto overscroll-contain">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A titled block inside a sheet. */
export function SheetSection({ title, aside, children, id }: { title: string; aside?: ReactNode; children: ReactNode; id?: string }) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section id={id} aria-labelledby={headingId} className="scroll-mt-2 border-b border-zinc-100 px-5 py-4 last:border-0 dark:border-zinc-800/70">
      <div className="mb-2.5 flex min-h-6 items-center justify-between gap-3">
        <h3 id={headingId} className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}
