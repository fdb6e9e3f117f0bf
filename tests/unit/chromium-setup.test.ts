import { describe, expect, it } from 'vitest';
import { decideChromiumSetup, findChromium } from '../../scripts/chromium-setup';

const none = { found: null, tried: [], isRoot: false, hasAptGet: false } as const;

describe('Chromium before the e2e step', () => {
  it('uses a Chromium that is there', () => {
    expect(decideChromiumSetup({ ...none, found: '/usr/bin/chromium' })).toEqual({ kind: 'use', path: '/usr/bin/chromium' });
  });

  it("tries Playwright's own download first, even as root", () => {
    expect(decideChromiumSetup({ ...none, isRoot: true, hasAptGet: true }))
      .toMatchObject({ kind: 'run', step: 'playwright-download', args: ['install', 'chromium'] });
  });

  it('falls back to the system package as root with apt-get, once', () => {
    const afterDownload = { ...none, tried: ['playwright-download'] as const, isRoot: true, hasAptGet: true };
    expect(decideChromiumSetup(afterDownload)).toMatchObject({ kind: 'run', step: 'system-package', command: 'sh' });
    expect(decideChromiumSetup({ ...afterDownload, tried: ['playwright-download', 'system-package'] }).kind).toBe('stop');
  });

  it('stops with one line saying what to run when it cannot install', () => {
    for (const s of [{ ...none, tried: ['playwright-download'] as const }, { ...none, tried: ['playwright-download'] as const, isRoot: true }]) {
      const d = decideChromiumSetup(s);
      expect(d.kind).toBe('stop');
      const message = (d as { message: string }).message;
      expect(message).toContain('npx playwright install --with-deps chromium');
      expect(message).not.toContain('\n');
    }
  });

  it('finds CHROMIUM_PATH, then the system Chromium, then Playwright’s own, only if the file exists', () => {
    const exists = (files: string[]) => (p: string) => files.includes(p);
    const own = '/root/.cache/ms-playwright/chromium-1/chrome';
    expect(findChromium({ CHROMIUM_PATH: '/opt/c' }, own, exists(['/opt/c', '/usr/bin/chromium', own]))).toBe('/opt/c');
    expect(findChromium({ CHROMIUM_PATH: '/opt/c' }, own, exists(['/usr/bin/chromium', own]))).toBe('/usr/bin/chromium');
    expect(findChromium({}, own, exists([own]))).toBe(own);
    expect(findChromium({}, own, exists([]))).toBeNull();
    expect(findChromium({}, null, exists([]))).toBeNull();
  });
});
