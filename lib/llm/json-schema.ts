import { Ajv } from 'ajv';

const ajv = new Ajv({ strict: false, allErrors: true });

/** Why a JSON schema cannot be used, or null when it compiles. */
export function jsonSchemaProblem(schema: unknown): string | null {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return 'The JSON schema must be an object';
  try {
    ajv.compile(schema as object);
    return null;
  } catch (err) {
    return `Invalid JSON schema: ${err instanceof Error ? err.message : String(err)}`;
  }
}

const cache = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/** Validation errors of a value against a schema (empty when valid). */
export function validateAgainstSchema(schema: object, value: unknown): string[] {
  let validate = cache.get(schema);
  if (!validate) { validate = ajv.compile(schema); cache.set(schema, validate); }
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}
