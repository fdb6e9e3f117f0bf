'use client';

import * as Radix from '@radix-ui/react-dialog';
import type { ReactNode, RefObject } from 'react';
import { cn } from './cn';
import { CloseIcon, closeButtonClass, returnFocus } from './dialog';
import { useSonner } from 'sonner';
import { sheetRef, toastPlacement, useOpenSheetEdge } from './sheet-presence';

/**
 * A panel that slides in from the right over the page, which stays visible behind a light scrim
 * and keeps updating. Esc, the close button or a click outside close it; focus then goes to
 * `returnFocusTo` when given, since the element that opened it may be gone by then.
 */
export function Sheet({ open, onOpenChange, title, description, header, actions, children, returnFocusTo, width = 'wide', titlePrefix }: {
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
    <Radix.Root open={open} onOpenChange={onOpenChange}>
      <Radix.Portal>
        <Radix.Overlay className="fixed inset-0 z-40 bg-zinc-950/15 transition-opacity duration-200 starting:opacity-0 dark:bg-black/40" />
        <Radix.Content
          ref={sheetRef}
          onCloseAutoFocus={returnFocus(returnFocusTo)}
          // A toast beside the sheet is not "outside": dismissing it leaves the sheet open.
          onPointerDownOutside={(ev) => { if ((ev.target as Element | null)?.closest?.('[data-sonner-toaster]')) ev.preventDefault(); }}
          className={cn(
            'fixed inset-y-0 right-0 z-40 flex w-full flex-col border-l border-zinc-200 bg-white shadow-2xl shadow-zinc-900/20 outline-none transition-transform duration-200 ease-out starting:translate-x-8 starting:opacity-0 dark:border-zinc-800 dark:bg-zinc-950',
            width === 'wide' ? 'max-w-[46rem]' : 'max-w-[38rem]',
          )}
        >
          <div className="flex shrink-0 items-start gap-3 border-b border-zinc-200 px-5 pb-3.5 pt-4 dark:border-zinc-800">
            <div className="min-w-0 flex-1">
              {header && <div className="mb-1.5 flex flex-wrap items-center gap-2">{header}</div>}
              <Radix.Title className="truncate text-base font-semibold tracking-tight">
                {titlePrefix && <span className="sr-only">{titlePrefix} </span>}{title}
              </Radix.Title>
              {description
                ? <Radix.Description asChild><div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{description}</div></Radix.Description>
                : <Radix.Description className="sr-only">Details</Radix.Description>}
            </div>
            <div className="flex shrink-0 items-center gap-1.5">
              {actions}
              <Radix.Close aria-label="Close" className={closeButtonClass}><CloseIcon /></Radix.Close>
            </div>
          </div>
          <SheetBody>{children}</SheetBody>
        </Radix.Content>
      </Radix.Portal>
    </Radix.Root>
  );
}

/**
 * The sheet's scrolling content. Where toasts cannot move beside the sheet (a narrow window), they
 * stay at the bottom: it leaves room under the content while one shows, to scroll it clear of them.
 * (Mounted only while the sheet is open, so closed sheets do not follow the toasts.)
 */
function SheetBody({ children }: { children: ReactNode }) {
  const toasts = useSonner().toasts.length;
  const edge = useOpenSheetEdge();
  const toastsBelow = toasts > 0 && toastPlacement(edge) === null;
  return <div className={cn('min-h-0 flex-1 overflow-y-auto overscroll-contain', toastsBelow && 'pb-40')}>{children}</div>;
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
