// Produces a value that satisfies a (simple) JSON schema, for structured-output requests.
// Supported: type (also type arrays), properties, items/minItems, enum, const, anyOf/oneOf,
// local $ref (#/$defs/..., #/definitions/...), minimum/maximum, minLength/maxLength.
// Anything fancier (patterns, formats, conditionals) is not honoured.

import { hashText } from './hash';

type Schema = Record<string, unknown>;

export type FillHints = {
  /** The rule-based answer, or the judge explanation when `verdict` is set. */
  text: string;
  number: number | null;
  /** Seed for the short deterministic strings given to secondary string properties. */
  seed: string;
  verdict?: { score: 0 | 1; label: 'correct' | 'incorrect' };
};

const CORRECT_WORDS = ['correct', 'pass', 'passed', 'yes', 'true', 'right', 'good', 'match'];
const INCORRECT_WORDS = ['incorrect', 'fail', 'failed', 'no', 'false', 'wrong', 'bad', 'mismatch'];
const LABEL_KEY = /label|verdict|grade|result|decision|outcome/i;
const MAX_DEPTH = 8;

export function isVerdictSchema(schema: unknown): boolean {
  const props = asSchema(schema).properties;
  return !!props && typeof props === 'object' && 'score' in props;
}

export function fillSchema(schema: unknown, hints: FillHints): unknown {
  const root = asSchema(schema);
  // Only the first plain string property carries the answer; later ones get filler, so that a
  // schema like {answer, reasoning} reads naturally.
  const state = { textUsed: false };
  return fill(root, '', 0);

  function fill(raw: unknown, key: string, depth: number): unknown {
    let s = asSchema(raw);
    if (typeof s.$ref === 'string') s = resolveRef(root, s.$ref);
    if (depth > MAX_DEPTH) return null;
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum) && s.enum.length > 0) return pickEnum(s.enum);
    const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
    if (Array.isArray(variants) && variants.length > 0) {
      const nonNull = variants.find((v) => asSchema(v).type !== 'null') ?? variants[0];
      return fill(nonNull, key, depth + 1);
    }
    switch (typeOf(s)) {
      case 'object':
        return fillObject(s, depth);
      case 'array': {
        const count = typeof s.minItems === 'number' ? s.minItems : 0;
        return Array.from({ length: count }, (_, i) => fill(s.items, `${key}${i}`, depth + 1));
      }
      case 'number':
        return clampNumber(s, hints.number ?? 0, false);
      case 'integer':
        return clampNumber(s, Math.round(hints.number ?? 0), true);
      case 'boolean':
        return hints.verdict ? hints.verdict.score === 1 : true;
      case 'null':
        return null;
      default:
        return fitLength(s, stringFor(key));
    }
  }

  function fillObject(s: Schema, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const props = asSchema(s.properties);
    for (const [key, sub] of Object.entries(props)) out[key] = fill(sub, key, depth + 1);
    return out;
  }

  function stringFor(key: string): string {
    if (hints.verdict) return LABEL_KEY.test(key) ? hints.verdict.label : hints.text;
    if (!state.textUsed) {
      state.textUsed = true;
      return hints.text;
    }
    return `${key || 'value'}-${hashText(`${hints.seed}\u0000${key}`).toString(36).slice(0, 6)}`;
  }

  function pickEnum(values: unknown[]): unknown {
    if (!hints.verdict) return values[0];
    const words = hints.verdict.score === 1 ? CORRECT_WORDS : INCORRECT_WORDS;
    for (const word of words) {
      const hit = values.find((v) => String(v).toLowerCase() === word);
      if (hit !== undefined) return hit;
    }
    return values[0];
  }

  function clampNumber(s: Schema, value: number, integer: boolean): number {
    const min = numberOr(s.minimum, numberOr(s.exclusiveMinimum, null, integer ? 1 : 0.5));
    const max = numberOr(s.maximum, numberOr(s.exclusiveMaximum, null, integer ? -1 : -0.5));
    // A 0/1 verdict on a scale that cannot hold 0 and 1 (say 1..5) means its bottom or top.
    const holdsBinary = (min ?? 0) <= 0 && (max ?? 1) >= 1;
    if (hints.verdict && !holdsBinary && min !== null && max !== null) {
      return hints.verdict.score === 1 ? max : min;
    }
    let v = value;
    if (min !== null && v < min) v = min;
    if (max !== null && v > max) v = max;
    return integer ? Math.round(v) : v;
  }
}

function numberOr(value: unknown, fallback: number | null, offset = 0): number | null {
  return typeof value === 'number' ? value + offset : fallback;
}

function fitLength(s: Schema, text: string): string {
  let out = text;
  if (typeof s.maxLength === 'number' && [...out].length > s.maxLength) {
    out = [...out].slice(0, s.maxLength).join('');
  }
  if (typeof s.minLength === 'number' && [...out].length < s.minLength) {
    out = out.padEnd(s.minLength, '.');
  }
  return out;
}

function typeOf(s: Schema): string {
  const t = Array.isArray(s.type) ? (s.type.find((x) => x !== 'null') ?? 'null') : s.type;
  if (typeof t === 'string') return t;
  if (s.properties) return 'object';
  if (s.items) return 'array';
  return 'string';
}

function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    node = asSchema(node)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return asSchema(node);
}

function asSchema(value: unknown): Schema {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {};
}
