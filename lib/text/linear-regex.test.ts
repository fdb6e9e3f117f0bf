import { describe, expect, it } from 'vitest';
import { cachedUserRegex, compileUserRegex, linearRegex, RegexSyntaxError, replaceMatches, userRegexProblem } from './linear-regex';

// A backtracking engine needs exponential time on these inputs; they must finish here. The
// timeout is the failure mode, with a margin of orders of magnitude over what RE2 needs.
const MUST_FINISH = { timeout: 10_000 };

describe('compileUserRegex', () => {
  it('reads JavaScript syntax: classes, named groups, escaped slashes, \\u escapes', () => {
    expect(compileUserRegex(String.raw`(?<year>\d{4})-(\d{2})`).exec('on 2024-05 ok')?.[0]).toBe('2024-05');
    expect(compileUserRegex(String.raw`a\/b`).test('x a/b')).toBe(true);
    expect(compileUserRegex(String.raw`\u0041+`).exec('xAAy')?.[0]).toBe('AA');
  });

  it('supports the i, m, s and y flags and accepts g, d and u', () => {
    expect(compileUserRegex('paris', 'i').test('PARIS')).toBe(true);
    expect(compileUserRegex('paris').test('PARIS')).toBe(false);
    expect(compileUserRegex('^b$', 'm').test('a\nb\nc')).toBe(true);
    expect(compileUserRegex('^b$').test('a\nb\nc')).toBe(false);
    expect(compileUserRegex('a.c', 's').test('a\nc')).toBe(true);
    expect(compileUserRegex('a.c').test('a\nc')).toBe(false);
    expect(compileUserRegex('b', 'y').test('ab')).toBe(false);
    expect(compileUserRegex('a', 'y').test('ab')).toBe(true);
    expect(compileUserRegex('a', 'gdu').test('ab')).toBe(true);
  });

  it('names what RE2 cannot run, with the reason', () => {
    expect(userRegexProblem('(?<=\\$)\\d+')).toBe('lookbehind is not supported (patterns run in linear time)');
    expect(userRegexProblem('(?<!x)y')).toBe('lookbehind is not supported (patterns run in linear time)');
    expect(userRegexProblem('a(?=b)')).toBe('lookahead is not supported (patterns run in linear time)');
    expect(userRegexProblem('a(?!b)')).toBe('lookahead is not supported (patterns run in linear time)');
    expect(userRegexProblem('(a)\\1')).toBe('backreferences are not supported (patterns run in linear time)');
    expect(userRegexProblem('(?<n>a)\\k<n>')).toBe('named backreferences are not supported (patterns run in linear time)');
    expect(userRegexProblem('(unclosed')).toMatch(/^Invalid regular expression \/\(unclosed\/: missing closing \)/);
    expect(userRegexProblem('a', 'q')).toMatch(/Unknown regex flag "q"/);
    expect(userRegexProblem('a', 'ii')).toMatch(/given twice/);
    expect(() => compileUserRegex('(?=a)')).toThrow(RegexSyntaxError);
  });

  it('bounds the compiled program, the factor of RE2\'s linear time', () => {
    expect(userRegexProblem('[abc]{999}'.repeat(5)))
      .toMatch(/^The pattern is too complex: it compiles to 4,99\d steps; the limit is 4,000 \(patterns run in linear time\)$/);
    expect(userRegexProblem('[abc]{999}'.repeat(3))).toBeNull();
    expect(userRegexProblem('a'.repeat(2_000))).toBeNull();
    expect(userRegexProblem('[abc]{999}'.repeat(6_000))).toMatch(/expression too large/);
  });

  it('does not mistake escaped or bracketed look-alikes for lookaround', () => {
    expect(userRegexProblem(String.raw`\(?=`)).toBeNull();
    expect(userRegexProblem('[(?=]')).toBeNull();
    expect(compileUserRegex(String.raw`\(\?=`).test('(?=')).toBe(true);
  });

  it('runs a catastrophic pattern on a long input in linear time', MUST_FINISH, () => {
    const long = `${'A'.repeat(100_000)}!`;
    expect(compileUserRegex('^(A+)+$').exec(long)).toBeNull();
    expect(compileUserRegex('(a|aa)+b').test('a'.repeat(100_000))).toBe(false);
    expect(compileUserRegex('^(A+)+!$').exec(long)?.[0].length).toBe(100_001);
  });

  it('caches compiled patterns by pattern and flags', () => {
    expect(cachedUserRegex('x', 'i')).toBe(cachedUserRegex('x', 'i'));
    expect(cachedUserRegex('x', 'i')).not.toBe(cachedUserRegex('x'));
  });
});

describe('replaceMatches', () => {
  it('replaces every match left to right, like String.replace with /g', () => {
    const re = linearRegex(String.raw`(\w+)@(\w+)`);
    expect(replaceMatches(re, 'a@b, c@d.', (m) => `${m[2]}@${m[1]}`)).toBe('b@a, d@c.');
    expect(replaceMatches(re, 'none here', () => 'x')).toBe('none here');
  });

  it('stays linear when every start position fails late', MUST_FINISH, () => {
    const re = linearRegex(String.raw`\[\[(\w+)=([^\]]*)\]\]`);
    const text = '[[a='.repeat(25_000);
    // Compared by ===, so that a failure does not print 100,000 characters.
    expect(replaceMatches(re, text, () => '') === text).toBe(true);
    // The value runs over the later openings, as it would with a JavaScript regex.
    expect(replaceMatches(re, `${text}[[b=1]]`, (m) => m[1])).toBe('a');
  });
});
