/**
 * `{{ … }}` placeholders in prompt and judge templates, found by a hand-written scan that is linear
 * in the text. Regexes such as /\{\{\s*([^{}]*?)\s*\}\}/g retry every start position and go
 * quadratic on long unclosed input ("{{ a" followed by 100,000 spaces).
 */

export interface Placeholder {
  /** Where `{{` starts. */
  index: number;
  /** Just after the closing `}}`. */
  end: number;
  /** The text between the braces, whitespace trimmed. */
  name: string;
}

/**
 * Every `{{ … }}` whose inside holds no brace, left to right, without overlap: exactly what
 * /\{\{([^{}]*)\}\}/g finds. Each character is looked at a bounded number of times: after a
 * failed opening the search resumes at the brace that ended it.
 */
export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) return found;
    let k = open + 2;
    while (k < text.length && text[k] !== '{' && text[k] !== '}') k++;
    if (text[k] === '}' && text[k + 1] === '}') {
      found.push({ index: open, end: k + 2, name: text.slice(open + 2, k).trim() });
      from = k + 2;
    } else {
      // No `{{` can start between open + 1 and k - 1: those characters are not braces.
      from = Math.max(open + 1, k - 1);
    }
  }
}

/** `{{` openings, counted without overlap, as /\{\{/g would. */
export function countOpenings(text: string): number {
  let n = 0;
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 2)) n++;
  return n;
}

const isNameStart = (c: string) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_';
const isNameChar = (c: string) => isNameStart(c) || (c >= '0' && c <= '9') || c === '-';

/** A variable path: `name` or `a.b.c`, each segment a letter or _ then letters, digits, _ or -. */
export function isVariablePath(name: string): boolean {
  if (name === '') return false;
  let segmentStart = true;
  for (const c of name) {
    if (segmentStart) {
      if (!isNameStart(c)) return false;
      segmentStart = false;
    } else if (c === '.') {
      segmentStart = true;
    } else if (!isNameChar(c)) {
      return false;
    }
  }
  return !segmentStart;
}
