'use client';

import { Toaster as Sonner, toast as sonner, type ExternalToast } from 'sonner';
import { useEffect, useState, type CSSProperties, type FocusEvent } from 'react';
import { createToastTimers } from './toast-timers';
import { toastPlacement, useOpenSheetEdge } from './sheet-presence';

/**
 * Notifications through sonner. Success and info toasts leave after a while, counted only while
 * nothing holds the stack: the pointer over it, keyboard focus in it (Tab, or Alt+T), or the tab
 * hidden (the timers are ours: sonner's own pause only on hover). Errors stay until dismissed so
 * they cannot vanish unread.
 */
interface ToastApi {
  success: (title: string, detail?: string) => void;
  error: (title: string, detail?: string) => void;
  info: (title: string, detail?: string) => void;
}

const SHOWN_MS = 5_000;

const timers = createToastTimers((id) => sonner.dismiss(id));

// sonner never closes a toast by itself (Infinity); the timers above do.
const timed = (show: (title: string, options: ExternalToast) => string | number) => (title: string, detail?: string) => {
  const id = show(title, { description: detail, duration: Infinity, onDismiss: (t) => timers.clear(t.id) });
  timers.start(id, SHOWN_MS);
};

const api: ToastApi = {
  success: timed(sonner.success),
  info: timed(sonner.info),
  error: (title, detail) => { sonner.error(title, { description: detail, duration: Infinity }); },
};

/** Kept as a hook so call sites stay as they were; the API needs no provider. */
export function useToast(): ToastApi {
  return api;
}

// Follows the `dark` class the theme toggle puts on <html>, not only the system setting.
function useHtmlTheme(): 'light' | 'dark' {
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setTheme(root.classList.contains('dark') ? 'dark' : 'light');
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

// A hidden tab holds the timers, as sonner's own would.
function useHoldWhileHidden() {
  useEffect(() => {
    const sync = () => timers.hold('hidden', document.hidden);
    sync();
    document.addEventListener('visibilitychange', sync);
    return () => document.removeEventListener('visibilitychange', sync);
  }, []);
}

const leaves = (ev: FocusEvent<HTMLElement>) => !ev.currentTarget.contains(ev.relatedTarget as Node | null);

export function Toaster() {
  useHoldWhileHidden();
  // Toasts never cover an open sheet: they move to its left (narrower if need be) while it is open.
  const beside = toastPlacement(useOpenSheetEdge());
  return (
    // `contents`: a wrapper for its events only, without a box of its own (sonner renders in place).
    <div
      className="contents"
      onPointerEnter={() => timers.hold('hover', true)}
      onPointerLeave={() => timers.hold('hover', false)}
      onFocus={() => timers.hold('focus', true)}
      onBlur={(ev) => { if (leaves(ev)) timers.hold('focus', false); }}
    >
      <Sonner
        theme={useHtmlTheme()}
        position="bottom-right"
        visibleToasts={4}
        closeButton
        containerAriaLabel="Notifications"
        // sonner's own stylesheet is unlayered, so it outranks Tailwind utilities: adjust it through
        // its variables and inherited font instead of fighting it with !important.
        // pointerEvents: a modal sheet turns them off on <body>; its toasts stay clickable beside it.
        style={{ fontFamily: 'inherit', '--border-radius': '6px', pointerEvents: 'auto', ...(beside ? { '--width': `${beside.width}px` } : {}) } as CSSProperties}
        offset={beside ? { right: beside.right } : undefined}
        toastOptions={{ closeButtonAriaLabel: 'Dismiss notification' }}
      />
    </div>
  );
}
