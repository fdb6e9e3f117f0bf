// Rule-based "answers" for the simulator. Each rule returns null when it does not apply so the
// caller can try the next one; all of them are pure functions of the text.

import { linearRegex } from '../text/linear-regex';

export type RuleAnswer = { text: string; number: number | null };

const CAPITALS: Record<string, string> = {
  france: 'Paris',
  germany: 'Berlin',
  italy: 'Rome',
  spain: 'Madrid',
  portugal: 'Lisbon',
  'united kingdom': 'London',
  japan: 'Tokyo',
  china: 'Beijing',
  india: 'New Delhi',
  canada: 'Ottawa',
  australia: 'Canberra',
  brazil: 'Brasília',
  egypt: 'Cairo',
  kenya: 'Nairobi',
  mexico: 'Mexico City',
  'united states': 'Washington, D.C.',
};

const POSITIVE = new Set([
  'good', 'great', 'excellent', 'love', 'loved', 'lovely', 'happy', 'wonderful', 'amazing',
  'fantastic', 'best', 'enjoy', 'enjoyed', 'awesome', 'nice', 'perfect', 'delightful',
]);
const NEGATIVE = new Set([
  'bad', 'terrible', 'awful', 'hate', 'hated', 'worst', 'horrible', 'sad', 'poor', 'broken',
  'disappointing', 'disappointed', 'boring', 'angry', 'useless', 'ugly', 'slow',
]);

/**
 * Text after a `label:` (any case) at the start of a line, up to the end of the message. A scan
 * over line starts: a regex ending in `[\s\S]*$` is retried from every line of a long prompt.
 */
export function afterLabel(text: string, label: string): string | null {
  let line = 0;
  for (;;) {
    let i = line;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i + label.length] === ':' && text.slice(i, i + label.length).toLowerCase() === label) {
      return text.slice(i + label.length + 1).trim();
    }
    const newline = text.indexOf('\n', line);
    if (newline < 0) return null;
    line = newline + 1;
  }
}

export function sentimentOf(text: string): 'positive' | 'negative' | 'neutral' {
  let score = 0;
  for (const word of text.toLowerCase().match(/[a-z']+/g) ?? []) {
    if (POSITIVE.has(word)) score++;
    else if (NEGATIVE.has(word)) score--;
  }
  return score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
}

// On RE2: the lazy name followed by `\s*` is quadratic on V8 for "capital of a" and a long run
// of spaces with no end.
const CAPITAL_QUESTION = linearRegex(String.raw`capital (?:city )?of\s+(?:the\s+)?([a-z][a-z .'-]*?)\s*(?:[?.!,;:]|$)`, 'i');

export function capitalOf(text: string): string | null {
  const m = CAPITAL_QUESTION.exec(text);
  return m ? (CAPITALS[m[1].toLowerCase().replace(/\s+/g, ' ')] ?? null) : null;
}

// Float results are rounded so that "0.1 + 0.2" answers "0.3", as a person would.
function formatNumber(n: number): string {
  return String(Number(n.toFixed(10)));
}

/**
 * Finds one binary operation anywhere in the text ("What is 12 + 7?", "Compute 9 - 4").
 * The look-arounds refuse pieces of longer expressions and of dates like 2024-01-05, which would
 * otherwise read as a subtraction.
 */
export function evaluateArithmetic(text: string): number | null {
  const m =
    /(?<![\w.]|[-+*/×÷]\s*)(-?\d+(?:\.\d+)?)\s*([-+*/×÷])\s*(-?\d+(?:\.\d+)?)(?![\w.]|\s*[-+*/×÷]\s*\d)/.exec(
      text,
    );
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[3]);
  switch (m[2]) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
    case '×':
      return a * b;
    default:
      return b === 0 ? null : a / b;
  }
}

/**
 * The rule-based answer for a user message, or null when no rule applies.
 * `offByOne` makes arithmetic answers deliberately wrong (see simulateReply).
 */
export function answerByRules(text: string, offByOne: boolean): RuleAnswer | null {
  const upper = afterLabel(text, 'uppercase');
  if (upper !== null) return { text: upper.toUpperCase(), number: null };
  const reverse = afterLabel(text, 'reverse');
  if (reverse !== null) return { text: [...reverse].reverse().join(''), number: null };
  const sentiment = afterLabel(text, 'sentiment');
  if (sentiment !== null) return { text: sentimentOf(sentiment), number: null };
  const capital = capitalOf(text);
  if (capital !== null) return { text: capital, number: null };
  const value = evaluateArithmetic(text);
  if (value !== null) {
    const answer = Number(formatNumber(offByOne ? value + 1 : value));
    return { text: formatNumber(answer), number: answer };
  }
  return null;
}
