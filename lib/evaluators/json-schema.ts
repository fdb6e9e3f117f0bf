import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { stableStringify } from './values';

export type CompiledSchema =
  | { ok: true; validate: (value: unknown) => string[] }
  | { ok: false; error: string };

// Keyed by schema text rather than object identity: configs are re-read from the database per run.
const cache = new Map<string, CompiledSchema>();
const MAX_CACHED = 100;
const MAX_ERRORS = 3;

function newAjv(schema: Record<string, unknown>) {
  // Pasted schemas name their draft in $schema; the default Ajv only knows draft-07.
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  const options = { allErrors: true, strict: false, logger: false as const };
  const ajv = draft.includes('2020-12') ? new Ajv2020(options) : draft.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
  addFormats(ajv);
  return ajv;
}

/**
 * Compiles a JSON schema for output validation. One Ajv instance per schema, so two schemas with
 * the same $id never collide. `strict: false` tolerates unknown keywords common in schemas written
 * for LLM structured output.
 */
export function compileJsonSchema(schema: Record<string, unknown>): CompiledSchema {
  const key = stableStringify(schema);
  const hit = cache.get(key);
  if (hit) return hit;
  let compiled: CompiledSchema;
  try {
    const fn: ValidateFunction = newAjv(schema).compile(schema);
    compiled = {
      ok: true,
      validate: (value) => {
        if (fn(value)) return [];
        const errors = (fn.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
        const more = errors.length > MAX_ERRORS ? [`and ${errors.length - MAX_ERRORS} more`] : [];
        return [...errors.slice(0, MAX_ERRORS), ...more];
      },
    };
  } catch (err) {
    compiled = { ok: false, error: `Invalid JSON schema: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}
