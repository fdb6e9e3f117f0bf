'use client';

import * as Radix from '@radix-ui/react-dropdown-menu';
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

/**
 * A dropdown menu (Radix: arrow keys, typeahead, Escape, focus returns to the trigger). Not modal
 * by default, so the page behind it keeps scrolling and updating.
 */
export function DropdownMenu({ modal = false, ...props }: ComponentProps<typeof Radix.Root>) {
  return <Radix.Root modal={modal} {...props} />;
}

export const DropdownMenuTrigger = Radix.Trigger;

export function DropdownMenuContent({ className, align = 'end', sideOffset = 4, children, ...props }: ComponentProps<typeof Radix.Content>) {
  return (
    <Radix.Portal>
      <Radix.Content
        align={align}
        sideOffset={sideOffset}
        className={cn('z-40 min-w-56 rounded-md border border-zinc-200 bg-white p-1 text-[13px] shadow-lg shadow-zinc-900/10 dark:border-zinc-800 dark:bg-zinc-900', className)}
        {...props}
      >
        {children}
      </Radix.Content>
    </Radix.Portal>
  );
}

/** One entry; `hint` is a second, quieter line (what the item does, or why it is disabled). */
export function DropdownMenuItem({ className, danger, hint, children, ...props }: ComponentProps<typeof Radix.Item> & { danger?: boolean; hint?: ReactNode }) {
  return (
    <Radix.Item
      className={cn(
        'flex cursor-default select-none flex-col rounded px-2 py-1.5 outline-none data-[highlighted]:bg-zinc-100 data-[disabled]:cursor-not-allowed data-[disabled]:opacity-60 dark:data-[highlighted]:bg-zinc-800',
        danger && 'text-red-600 dark:text-red-400',
        className,
      )}
      {...props}
    >
      {hint === undefined || props.asChild ? children : (
        <>
          <span>{children}</span>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</span>
        </>
      )}
    </Radix.Item>
  );
}

export function DropdownMenuSeparator({ className, ...props }: ComponentProps<typeof Radix.Separator>) {
  return <Radix.Separator className={cn('my-1 h-px bg-zinc-200 dark:bg-zinc-800', className)} {...props} />;
}
