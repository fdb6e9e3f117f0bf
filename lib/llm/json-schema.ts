import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { BoundedCache } from '../bounded-cache';
import { LIMITS } from '../limits';
import { compileUserRegex } from '../text/linear-regex';

/**
 * JSON schemas from users (an experiment's response schema, a json_schema evaluator): each schema
 * gets an Ajv instance of its own, so two schemas with the same `$id` never collide, and the
 * compiled schemas live in a bounded cache instead of accumulating in one shared instance.
 */

export type CompiledSchema =
  | { ok: true; validate: (value: unknown, maxErrors?: number) => string[] }
  | { ok: false; error: string };

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Ajv's `regExp` engine: `pattern` and `patternProperties` run on RE2, in linear time, instead of
 * JavaScript's backtracking RegExp. A pattern RE2 cannot run fails the schema's compilation.
 */
const linearRegExp = Object.assign(
  (pattern: string, flags: string) => {
    let re;
    try {
      re = compileUserRegex(pattern, flags);
    } catch (err) {
      throw new Error(`pattern ${JSON.stringify(pattern)}: ${(err as Error).message}`);
    }
    // Ajv keys its compiled patterns by toString().
    return { test: (text: string) => re.test(text), toString: () => `/${pattern}/${flags}` };
  },
  { code: 'linearRegExp' },
);

function newAjv(schema: Record<string, unknown>) {
  // Pasted schemas name their draft in $schema; the default Ajv only knows draft-07.
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  // `strict: false` tolerates unknown keywords common in schemas written for LLM structured output.
  const options: Options = { allErrors: true, strict: false, logger: false, code: { regExp: linearRegExp } };
  const ajv = draft.includes('2020-12') ? new Ajv2020(options) : draft.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
  addFormats(ajv);
  return ajv;
}

function compile(schema: Record<string, unknown>): CompiledSchema {
  let fn: ValidateFunction;
  try {
    fn = newAjv(schema).compile(schema);
  } catch (err) {
    return { ok: false, error: `Invalid JSON schema: ${err instanceof Error ? err.message : String(err)}` };
  }
  return {
    ok: true,
    validate: (value, maxErrors = 3) => {
      if (fn(value)) return [];
      const errors = (fn.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
      const more = errors.length > maxErrors ? [`and ${errors.length - maxErrors} more`] : [];
      return [...errors.slice(0, maxErrors), ...more];
    },
  };
}

// By schema text, because configs are re-read from the database; by object too, to skip the
// serialisation on every run of the same config.
const byText = new BoundedCache<string, CompiledSchema>(100);
const byObject = new WeakMap<object, CompiledSchema>();

/** The size problem of a schema, naming the limit; null when it fits. */
export function schemaSizeProblem(schema: unknown, what = 'The JSON schema'): string | null {
  const chars = (JSON.stringify(schema) ?? '').length;
  return chars > LIMITS.schemaChars ? `${what} is ${count(chars)} characters; the limit is ${count(LIMITS.schemaChars)}` : null;
}

/** Compiles a JSON schema for validation; an oversized or invalid schema is `ok: false`. */
export function compileJsonSchema(schema: Record<string, unknown>, what = 'The JSON schema'): CompiledSchema {
  const known = byObject.get(schema);
  if (known) return known;
  const text = JSON.stringify(schema) ?? '';
  if (text.length > LIMITS.schemaChars) return { ok: false, error: schemaSizeProblem(schema, what)! };
  const compiled = byText.getOrCreate(text, () => compile(schema));
  byObject.set(schema, compiled);
  return compiled;
}

/** Why a response schema cannot be used, or null when it compiles. */
export function jsonSchemaProblem(schema: unknown, what = 'The response schema'): string | null {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return `${what} must be a JSON object`;
  const compiled = compileJsonSchema(schema as Record<string, unknown>, what);
  return compiled.ok ? null : compiled.error;
}

/** Validation errors of a value against a schema (empty when valid); throws if the schema is unusable. */
export function validateAgainstSchema(schema: Record<string, unknown>, value: unknown): string[] {
  const compiled = compileJsonSchema(schema, 'The response schema');
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.validate(value, 5);
}
