import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** WCAG 2.0 and 2.1, levels A and AA: the bar the README promises. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Each violation with where it is and why, so a failure reads without opening a trace. */
function describe(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']) {
  return violations.map((v) => [
    `${v.id} (${v.impact ?? 'n/a'}): ${v.help}`,
    ...v.nodes.map((n) => `  at ${n.target.join(' ')}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`),
  ].join('\n')).join('\n\n');
}

/** Waits out transitions (a sheet sliding in, a dialog fading in): mid-animation colours are not the real ones. */
export async function settled(locator: Locator) {
  await locator.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished)));
}

/** Scans the page (or only `within`) and fails listing every WCAG 2.1 AA violation. */
export async function expectNoViolations(page: Page, label: string, within?: string) {
  let builder = new AxeBuilder({ page }).withTags(WCAG_AA);
  if (within) builder = builder.include(within);
  const { violations } = await builder.analyze();
  expect(violations.map((v) => v.id), `${label}: ${violations.length} accessibility violation(s)\n\n${describe(violations)}`).toEqual([]);
}
