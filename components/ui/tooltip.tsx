'use client';

import * as Radix from '@radix-ui/react-tooltip';
import type { ReactNode } from 'react';

/** A small tooltip; the trigger must be focusable so keyboard users can read it too. */
export function Tooltip({ content, children, side = 'top' }: { content: ReactNode; children: ReactNode; side?: 'top' | 'bottom' | 'left' | 'right' }) {
  return (
    <Radix.Root>
      <Radix.Trigger asChild>{children}</Radix.Trigger>
      <Radix.Portal>
        <Radix.Content
          side={side}
          sideOffset={6}
          collisionPadding={8}
          className="z-50 max-w-sm rounded-md bg-zinc-900 px-2.5 py-1.5 text-xs leading-relaxed text-zinc-50 shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
        >
          {content}
          <Radix.Arrow className="fill-zinc-900 dark:fill-zinc-100" />
        </Radix.Content>
      </Radix.Portal>
    </Radix.Root>
  );
}
