'use client';

import * as Radix from '@radix-ui/react-dialog';
import type { ReactNode, RefObject } from 'react';
import { cn } from './cn';

export const DialogClose = Radix.Close;

const widths = { sm: 'w-[min(28rem,calc(100vw-2rem))]', md: 'w-[min(36rem,calc(100vw-2rem))]', lg: 'w-[min(48rem,calc(100vw-2rem))]' };

export function CloseIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
      <path d="M4 4l8 8M12 4l-8 8" />
    </svg>
  );
}

export const closeButtonClass = 'inline-flex size-7 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 dark:text-zinc-400';

/**
 * Sends focus back to `target` on close instead of to the trigger: the element that opened a
 * dialog (a menu item, a table row) is often gone by then.
 */
export function returnFocus(target?: RefObject<HTMLElement | null>) {
  return (ev: Event) => {
    if (!target?.current) return;
    ev.preventDefault();
    target.current.focus();
  };
}

/**
 * A centred dialog (Radix: focus is trapped, Escape closes, focus returns to the trigger). Its
 * accessible name is `title`; `trigger` is optional for dialogs opened from elsewhere.
 */
export function Dialog({ open, onOpenChange, trigger, title, description, children, footer, width = 'md', returnFocusTo }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  width?: keyof typeof widths;
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  return (
    <Radix.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <Radix.Trigger asChild>{trigger}</Radix.Trigger>}
      <Radix.Portal>
        <Radix.Overlay className="fixed inset-0 z-50 bg-zinc-950/40 backdrop-blur-[1px]" />
        <Radix.Content
          onCloseAutoFocus={returnFocus(returnFocusTo)}
          className={cn('fixed left-1/2 top-1/2 z-50 flex max-h-[calc(100vh-2rem)] -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg border border-zinc-200 bg-white shadow-xl dark:border-zinc-800 dark:bg-zinc-900', widths[width])}
        >
          <div className="border-b border-zinc-100 pb-3 pl-5 pr-12 pt-4 dark:border-zinc-800">
            <Radix.Title className="text-sm font-semibold">{title}</Radix.Title>
            {description
              ? <Radix.Description asChild><div className="mt-1 text-zinc-500 dark:text-zinc-400">{description}</div></Radix.Description>
              : <Radix.Description className="sr-only">{typeof title === 'string' ? title : 'Dialog'}</Radix.Description>}
          </div>
          {children && <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{children}</div>}
          {footer && <div className="flex items-center justify-end gap-2 border-t border-zinc-100 px-5 py-3 dark:border-zinc-800">{footer}</div>}
          <Radix.Close aria-label="Close" className={cn(closeButtonClass, 'absolute right-3 top-3')}>
            <CloseIcon />
          </Radix.Close>
        </Radix.Content>
      </Radix.Portal>
    </Radix.Root>
  );
}
