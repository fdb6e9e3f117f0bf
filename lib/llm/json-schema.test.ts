import { describe, expect, it } from 'vitest';
import { compileJsonSchema, jsonSchemaProblem, schemaSizeProblem, validateAgainstSchema } from './json-schema';

const MUST_FINISH = { timeout: 10_000 };

describe('response schemas', () => {
  it('validates many schemas that share an $id, each against its own rules', () => {
    // One shared Ajv instance refused the second ("schema with key or id ... already exists").
    for (let i = 0; i < 150; i++) {
      const schema = { $id: 'https://example.com/answer', type: 'object', properties: { n: { const: i } }, required: ['n'] };
      expect(jsonSchemaProblem(schema)).toBeNull();
      expect(validateAgainstSchema(structuredClone(schema), { n: i })).toEqual([]);
      expect(validateAgainstSchema(structuredClone(schema), { n: i + 1 })).toEqual(['/n must be equal to constant']);
    }
  });

  it('reuses the compiled schema for the same text', () => {
    const schema = { type: 'string', minLength: 2 };
    expect(compileJsonSchema(schema)).toBe(compileJsonSchema(structuredClone(schema)));
  });

  it('names an unusable schema', () => {
    expect(jsonSchemaProblem([])).toBe('The response schema must be a JSON object');
    expect(jsonSchemaProblem({ type: 'nonsense' })).toMatch(/^Invalid JSON schema: /);
    expect(jsonSchemaProblem({ type: 'string', pattern: 'a(?=b)' }))
      .toBe('Invalid JSON schema: pattern "a(?=b)": lookahead is not supported (patterns run in linear time)');
    expect(() => validateAgainstSchema({ type: 'nonsense' }, 1)).toThrow(/Invalid JSON schema/);
  });

  it('bounds the schema size, naming the limit', () => {
    // {"description":"…"} is 18 characters around the text.
    const schema = { description: 'x'.repeat(80_000 - 18) };
    expect(jsonSchemaProblem(schema)).toBe('The response schema is 80,000 characters; the limit is 64,000');
    expect(schemaSizeProblem(schema, 'The response schema')).toBe('The response schema is 80,000 characters; the limit is 64,000');
    expect(schemaSizeProblem({ description: 'x'.repeat(64_000 - 18) })).toBeNull();
  });

  it('checks patterns in linear time, also patterns taken from the data ($data)', MUST_FINISH, () => {
    const schema = { type: 'object', properties: { s: { type: 'string', pattern: '^(a|aa)+$' } } };
    expect(validateAgainstSchema(schema, { s: `${'a'.repeat(100_000)}!` })).toEqual(['/s must match pattern "^(a|aa)+$"']);
    expect(validateAgainstSchema(schema, { s: 'a'.repeat(100_000) })).toEqual([]);
  });

  it('checks formats', () => {
    const schema = { type: 'string', format: 'email' };
    expect(validateAgainstSchema(schema, 'a@b.co')).toEqual([]);
    expect(validateAgainstSchema(schema, 'nope')).toEqual(['(root) must match format "email"']);
  });
});
