import { RE2JS, RE2JSException } from 're2js';
import { BoundedCache } from '../bounded-cache';
import { LIMITS } from '../limits';

/**
 * Regular expressions that run in time linear in their input, on RE2 (re2js): no backtracking,
 * so no pattern, however written, can freeze the event loop on a long text. Every pattern applied
 * to user or provider text goes through here (or through a hand-written scan).
 */
export type LinearRegex = RE2JS;

const LINEAR_TIME = 'patterns run in linear time';
const count = (n: number) => n.toLocaleString('en-US');

/** A user's pattern that RE2 cannot run or cannot parse; the message says why. */
export class RegexSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

/** An app-owned pattern in RE2 syntax; flags among i, m, s. Throws on a bad pattern (a bug). */
export function linearRegex(source: string, flags = ''): LinearRegex {
  return RE2JS.compile(source, flagBits(flags));
}

/** Like `text.replace(/re/g, fn)`, in one left-to-right pass of RE2 searches. */
export function replaceMatches(re: LinearRegex, text: string, replace: (match: RegExpMatchArray) => string): string {
  let out = '';
  let last = 0;
  for (const m of re.matchAll(text)) {
    const index = m.index ?? 0;
    out += text.slice(last, index) + replace(m);
    last = index + m[0].length;
  }
  return out + text.slice(last);
}

function flagBits(flags: string): number {
  let bits = 0;
  if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) bits |= RE2JS.MULTILINE;
  if (flags.includes('s')) bits |= RE2JS.DOTALL;
  return bits;
}

// JavaScript flags a user may give. g and d change nothing for a first match; u and v are how
// RE2 reads a pattern anyway (by code point); y anchors the match at the start of the text.
const USER_FLAGS = new Set(['d', 'g', 'i', 'm', 's', 'u', 'v', 'y']);

/**
 * The first construct of a JavaScript pattern that needs backtracking, or null. Checked before
 * RE2 parses the pattern because RE2's own messages for these are cryptic, and because
 * re2js would silently read `\k<name>` as the literal text "k<name>".
 */
function backtrackingConstruct(pattern: string): string | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && next >= '1' && next <= '9') return 'backreferences';
      if (!inClass && next === 'k' && pattern[i + 2] === '<') return 'named backreferences';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && pattern[i + 1] === '?') {
      const a = pattern[i + 2];
      if (a === '=' || a === '!') return 'lookahead';
      if (a === '<' && (pattern[i + 3] === '=' || pattern[i + 3] === '!')) return 'lookbehind';
    }
  }
  return null;
}

/**
 * A user's JavaScript-style regex (as typed in an evaluator or a JSON schema `pattern`) compiled
 * for RE2. Throws RegexSyntaxError naming what is wrong: an unknown flag, a construct RE2 does not
 * support (lookaround, backreferences), or a syntax error.
 */
export function compileUserRegex(pattern: string, flags = ''): LinearRegex {
  for (const [i, f] of [...flags].entries()) {
    if (!USER_FLAGS.has(f)) throw new RegexSyntaxError(`Unknown regex flag "${f}" (supported: i, m, s, u, g, y)`);
    if (flags.indexOf(f) !== i) throw new RegexSyntaxError(`The regex flag "${f}" is given twice`);
  }
  const construct = backtrackingConstruct(pattern);
  if (construct) {
    const verb = construct.endsWith('s') ? 'are' : 'is';
    throw new RegexSyntaxError(`${construct} ${verb} not supported (${LINEAR_TIME})`);
  }
  let re: LinearRegex;
  try {
    const translated = RE2JS.translateRegExp(pattern);
    re = RE2JS.compile(flags.includes('y') ? `\\A(?:${translated})` : translated, flagBits(flags));
  } catch (err) {
    // Whatever re2js throws on a user's pattern is the pattern's fault, not ours.
    const message = err instanceof Error ? err.message : String(err);
    const reason = err instanceof RE2JSException ? message.replace(/^error parsing regexp: /, '') : message;
    throw new RegexSyntaxError(`Invalid regular expression /${pattern}/${flags}: ${reason}`);
  }
  // Each character of the text may step through every instruction: bound the factor.
  const size = re.programSize();
  if (size > LIMITS.regexProgramSize) {
    throw new RegexSyntaxError(`The pattern is too complex: it compiles to ${count(size)} steps; the limit is ${count(LIMITS.regexProgramSize)} (${LINEAR_TIME})`);
  }
  return re;
}

/** Why a user's pattern cannot run, or null. */
export function userRegexProblem(pattern: string, flags = ''): string | null {
  try {
    compileUserRegex(pattern, flags);
    return null;
  } catch (err) {
    if (err instanceof RegexSyntaxError) return err.message;
    throw err;
  }
}

const compiled = new BoundedCache<string, LinearRegex>(200);

/** compileUserRegex, cached: evaluators run the same few patterns on every run. */
export function cachedUserRegex(pattern: string, flags = ''): LinearRegex {
  return compiled.getOrCreate(`${flags}/${pattern}`, () => compileUserRegex(pattern, flags));
}
