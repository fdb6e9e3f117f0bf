'use client';

import { Toaster as Sonner, toast as sonner } from 'sonner';
import { useEffect, useState, type CSSProperties } from 'react';

/**
 * Notifications through sonner: timers pause while the pointer is over the stack or Alt+T has
 * moved focus into it, and errors stay until dismissed so they cannot vanish unread.
 */
interface ToastApi {
  success: (title: string, detail?: string) => void;
  error: (title: string, detail?: string) => void;
  info: (title: string, detail?: string) => void;
}

const SHOWN_MS = 5_000;

const api: ToastApi = {
  success: (title, detail) => { sonner.success(title, { description: detail }); },
  info: (title, detail) => { sonner.info(title, { description: detail }); },
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

export function Toaster() {
  return (
    <Sonner
      theme={useHtmlTheme()}
      position="bottom-right"
      duration={SHOWN_MS}
      visibleToasts={4}
      closeButton
      containerAriaLabel="Notifications"
      // sonner's own stylesheet is unlayered, so it outranks Tailwind utilities: adjust it through
      // its variables and inherited font instead of fighting it with !important.
      style={{ fontFamily: 'inherit', '--border-radius': '6px' } as CSSProperties}
      toastOptions={{ closeButtonAriaLabel: 'Dismiss notification' }}
    />
  );
}
