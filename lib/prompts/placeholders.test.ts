import { describe, expect, it } from 'vitest';
import { countOpenings, findPlaceholders, isVariablePath } from './placeholders';

// The old regex scans were quadratic on these inputs (seconds at this size, minutes at a few times
// more); the scan must finish well within the timeout, its failure mode.
const MUST_FINISH = { timeout: 10_000 };

// What the regexes this scan replaces found, for comparison on ordinary input.
const byRegex = (text: string) => [...text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => ({ index: m.index, end: m.index + m[0].length, name: m[1] }));

describe('findPlaceholders', () => {
  it('finds what /\\{\\{\\s*([^{}]*?)\\s*\\}\\}/g finds', () => {
    for (const text of [
      'Q: {{question}} ({{ meta.lang }}) again {{question}}',
      '{{{a}}', '{{{{a}}}}', '{{ a }}}', '{{a} b}}', '{{ }}', '{{a\n}}', '}}{{x}}{{', '{{ a {{ b }}', 'no braces', '{{',
    ]) {
      expect(findPlaceholders(text), text).toEqual(byRegex(text));
    }
  });

  it('stays linear on unclosed and nested openings', MUST_FINISH, () => {
    const spaces = `{{ a${' '.repeat(200_000)}b`;
    expect(findPlaceholders(spaces)).toEqual([]);
    expect(findPlaceholders(`${spaces}}}`)).toEqual([{ index: 0, end: spaces.length + 2, name: `a${' '.repeat(200_000)}b` }]);
    expect(findPlaceholders('{{'.repeat(100_000))).toEqual([]);
    expect(findPlaceholders(`${'{{ x '.repeat(40_000)}{{y}}`)).toEqual([{ index: 200_000, end: 200_005, name: 'y' }]);
  });

  it('counts openings without overlap', () => {
    expect(countOpenings('{{{ {{{{')).toBe(3);
    expect(countOpenings('{'.repeat(200_001))).toBe(100_000);
  });
});

describe('isVariablePath', () => {
  it('accepts names and dotted paths only', () => {
    for (const ok of ['a', '_x', 'a-b', 'a.b', 'a1.b_2.c-3']) expect(isVariablePath(ok), ok).toBe(true);
    for (const bad of ['', '1a', 'a.', '.a', 'a..b', 'a b', 'a.1', '-a', 'a.b c']) expect(isVariablePath(bad), bad).toBe(false);
  });
});
