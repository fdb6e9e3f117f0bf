'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import * as Tooltip from '@radix-ui/react-tooltip';
import { useState, type ReactNode } from 'react';
import { Toaster } from '@/components/ui/toast';

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser session (not per render), so the cache survives navigation.
  const [client] = useState(() => new QueryClient({
    defaultOptions: { queries: { staleTime: 1_000, retry: 2, refetchOnWindowFocus: true } },
  }));
  return (
    <QueryClientProvider client={client}>
      <Tooltip.Provider delayDuration={250} skipDelayDuration={100}>
        {children}
        <Toaster />
      </Tooltip.Provider>
    </QueryClientProvider>
  );
}
