/**
 * Before the e2e step of `npm test`: make sure a Chromium is there, as a new user's machine may
 * have none. Playwright's own download first; where that fails (no network to its CDN, or an
 * unsupported distribution), the system package manager when running as root; otherwise one line
 * saying exactly what to run.
 */
import fs from 'node:fs';

export type SetupStep = 'playwright-download' | 'system-package';

export interface ChromiumState {
  /** A Chromium executable that exists, or null. */
  found: string | null;
  /** Steps already tried in this run (each is tried once). */
  tried: readonly SetupStep[];
  isRoot: boolean;
  hasAptGet: boolean;
}

export type ChromiumDecision =
  | { kind: 'use'; path: string }
  | { kind: 'run'; step: SetupStep; command: string; args: string[] }
  | { kind: 'stop'; message: string };

export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const MANUAL_FIX = 'No Chromium for the end-to-end tests: run `npx playwright install --with-deps chromium` '
  + '(or, on Debian/Ubuntu as root, `apt-get install -y chromium`), then `npm test` again.';

export function decideChromiumSetup(s: ChromiumState): ChromiumDecision {
  if (s.found) return { kind: 'use', path: s.found };
  if (!s.tried.includes('playwright-download')) {
    return { kind: 'run', step: 'playwright-download', command: 'node_modules/.bin/playwright', args: ['install', 'chromium'] };
  }
  if (s.isRoot && s.hasAptGet && !s.tried.includes('system-package')) {
    return { kind: 'run', step: 'system-package', command: 'sh', args: ['-c', 'apt-get update && apt-get install -y chromium'] };
  }
  return { kind: 'stop', message: MANUAL_FIX };
}

/** The Chromium playwright.config.ts would launch: CHROMIUM_PATH, the system one, or Playwright's own. */
export function findChromium(env: { CHROMIUM_PATH?: string }, playwrightOwn: string | null, exists: (p: string) => boolean = fs.existsSync): string | null {
  const candidates = [env.CHROMIUM_PATH, ...SYSTEM_CHROMIUM_PATHS, playwrightOwn].filter((p): p is string => !!p);
  return candidates.find((p) => exists(p)) ?? null;
}
