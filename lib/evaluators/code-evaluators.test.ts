import { describe, expect, it } from 'vitest';
import { EvaluatorConfigError, EvaluatorInputError, extractNumber, runCodeEvaluator, selectJudgeValues, validateEvaluatorConfig } from './code-evaluators';
import { levenshtein, similarityRatio } from './levenshtein';
import { EVALUATOR_TYPES, evaluatorConfigSchema, type CodeEvaluatorConfig, type EvaluatorConfig, type LlmJudgeConfig } from './types';
import { stableStringify } from './values';

// Inputs on which a backtracking engine is exponential or quadratic; the timeout is the failure
// mode, orders of magnitude above what a linear scan needs.
const MUST_FINISH = { timeout: 10_000 };

type Unnamed = CodeEvaluatorConfig extends infer T ? (T extends unknown ? Omit<T, 'name'> : never) : never;
const run = (config: Unnamed, output: unknown, expected: unknown = null) =>
  runCodeEvaluator({ name: 'e', ...config } as CodeEvaluatorConfig, { output, expected, input: {} });

describe('config schema', () => {
  it('lists the evaluator types', () => {
    expect(EVALUATOR_TYPES).toEqual(['exact_match', 'contains', 'regex', 'valid_json', 'json_schema', 'numeric_closeness', 'string_similarity', 'llm_judge']);
  });

  it('parses each type and rejects unknown ones', () => {
    expect(evaluatorConfigSchema.parse({ name: 'x', type: 'exact_match' }).type).toBe('exact_match');
    expect(evaluatorConfigSchema.safeParse({ name: 'x', type: 'nope' }).success).toBe(false);
    expect(evaluatorConfigSchema.safeParse({ name: '', type: 'valid_json' }).success).toBe(false);
    expect(evaluatorConfigSchema.safeParse({ name: 'x', type: 'regex' }).success).toBe(false);
    expect(evaluatorConfigSchema.safeParse({ name: 'x', type: 'exact_match', expectedField: 'a..b' }).success).toBe(false);
    expect(evaluatorConfigSchema.safeParse({
      name: 'j', type: 'llm_judge', providerConnectionId: 'p', model: 'm', template: [{ role: 'user', content: '{{output}}' }],
    }).success).toBe(true);
  });
});

describe('exact_match', () => {
  it('matches with trim by default and is case-sensitive by default', () => {
    expect(run({ type: 'exact_match' }, 'Paris\n', 'Paris')).toMatchObject({ score: 1, label: 'match' });
    expect(run({ type: 'exact_match' }, 'paris', 'Paris')).toMatchObject({ score: 0, label: 'mismatch' });
    expect(run({ type: 'exact_match', caseSensitive: false }, 'paris', 'Paris').score).toBe(1);
    expect(run({ type: 'exact_match', trim: false }, 'Paris ', 'Paris').score).toBe(0);
  });

  it('unwraps a single-key expected object for a text output', () => {
    expect(run({ type: 'exact_match' }, 'Paris', { answer: 'Paris' }).score).toBe(1);
    expect(run({ type: 'exact_match' }, '42', { answer: 42 }).score).toBe(1);
  });

  it('compares JSON as data regardless of key order and whitespace', () => {
    expect(run({ type: 'exact_match' }, '{ "b": 2, "a": 1 }', { a: 1, b: 2 }).score).toBe(1);
    expect(run({ type: 'exact_match' }, { b: [1, { y: 1, x: 2 }], a: 1 }, { a: 1, b: [1, { x: 2, y: 1 }] }).score).toBe(1);
    expect(run({ type: 'exact_match' }, { a: 1 }, { a: 2 }).score).toBe(0);
  });

  it('selects fields with outputField and expectedField', () => {
    const cfg = { type: 'exact_match', outputField: 'result.city', expectedField: 'a.b' } as const;
    expect(run(cfg, '{"result":{"city":"Paris"}}', { a: { b: 'Paris' } }).score).toBe(1);
    expect(run(cfg, { result: { city: 'Rome' } }, { a: { b: 'Paris' } }).score).toBe(0);
    expect(run({ type: 'exact_match', outputField: 'items.1' }, { items: ['a', 'b'] }, 'b').score).toBe(1);
  });

  it('scores a missing output field 0 but throws for a missing expected value', () => {
    expect(run({ type: 'exact_match', outputField: 'x' }, 'not json', 'a')).toMatchObject({ score: 0, label: 'missing_field' });
    expect(run({ type: 'exact_match', outputField: 'x' }, { y: 1 }, 'a')).toMatchObject({ score: 0, label: 'missing_field' });
    expect(() => run({ type: 'exact_match', expectedField: 'nope' }, 'a', { answer: 'a' })).toThrow(EvaluatorInputError);
    expect(() => run({ type: 'exact_match' }, 'a', null)).toThrow(/no expected output/);
  });
});

describe('contains', () => {
  it('looks for value, or for the expected output', () => {
    expect(run({ type: 'contains', value: 'Paris' }, 'It is Paris.')).toMatchObject({ score: 1, label: 'found' });
    expect(run({ type: 'contains', value: 'paris' }, 'It is Paris.')).toMatchObject({ score: 0, label: 'not_found' });
    expect(run({ type: 'contains', value: 'paris', caseSensitive: false }, 'It is Paris.').score).toBe(1);
    expect(run({ type: 'contains' }, 'The answer is 42.', { answer: 42 }).score).toBe(1);
    expect(run({ type: 'contains', expectedField: 'answer' }, 'The answer is 41.', { answer: '42' }).score).toBe(0);
  });
});

describe('regex', () => {
  it('matches and reports the matched text', () => {
    const r = run({ type: 'regex', pattern: '\\d{3}-\\d{4}' }, 'call 555-1234 now');
    expect(r).toMatchObject({ score: 1, label: 'match' });
    expect(r.explanation).toContain('555-1234');
    expect(run({ type: 'regex', pattern: '^yes$', flags: 'i' }, 'YES').score).toBe(1);
    expect(run({ type: 'regex', pattern: '^yes$' }, 'no')).toMatchObject({ score: 0, label: 'no_match' });
  });

  it('is stable with a global flag across calls', () => {
    const cfg = { type: 'regex', pattern: 'a', flags: 'g' } as const;
    expect([run(cfg, 'a'), run(cfg, 'a'), run(cfg, 'a')].map((r) => r.score)).toEqual([1, 1, 1]);
  });

  it('rejects an invalid pattern at run time and at config time', () => {
    expect(() => run({ type: 'regex', pattern: '(unclosed' }, 'x')).toThrow(EvaluatorConfigError);
    expect(validateEvaluatorConfig({ name: 'r', type: 'regex', pattern: '(unclosed' })[0]).toMatch(/Invalid regular expression/);
    expect(validateEvaluatorConfig({ name: 'r', type: 'regex', pattern: 'a', flags: 'q' })).toHaveLength(1);
    expect(validateEvaluatorConfig({ name: 'r', type: 'regex', pattern: 'a+', flags: 'i' })).toEqual([]);
  });

  it('runs a catastrophic pattern on a long output in linear time', MUST_FINISH, () => {
    const output = `${'A'.repeat(100_000)}!`;
    expect(run({ type: 'regex', pattern: '^(A+)+$' }, output)).toMatchObject({ score: 0, label: 'no_match' });
    expect(run({ type: 'regex', pattern: '^(A+)+!$' }, output)).toMatchObject({ score: 1, label: 'match' });
    expect(run({ type: 'regex', pattern: '(x+x+)+y', flags: 'i' }, 'X'.repeat(100_000)).score).toBe(0);
  });

  it('refuses lookaround and backreferences at config time, naming why', () => {
    const parsed = evaluatorConfigSchema.safeParse({ name: 'r', type: 'regex', pattern: '(?<=\\$)\\d+' });
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['pattern'], message: 'lookbehind is not supported (patterns run in linear time)' });
    expect(validateEvaluatorConfig({ name: 'r', type: 'regex', pattern: 'a(?!b)' })).toEqual(['lookahead is not supported (patterns run in linear time)']);
    expect(validateEvaluatorConfig({ name: 'r', type: 'regex', pattern: '(a)\\1' })).toEqual(['backreferences are not supported (patterns run in linear time)']);
    expect(() => run({ type: 'regex', pattern: '(?<=a)b' }, 'ab')).toThrow('lookbehind is not supported');
  });

  it('bounds the pattern length, naming the limit', () => {
    const pattern = 'a'.repeat(2_500);
    expect(evaluatorConfigSchema.safeParse({ name: 'r', type: 'regex', pattern }).error?.issues[0].message)
      .toBe('The pattern is 2,500 characters; the limit is 2,000');
    expect(validateEvaluatorConfig({ name: 'r', type: 'regex', pattern })).toEqual(['The pattern is 2,500 characters; the limit is 2,000']);
    expect(evaluatorConfigSchema.safeParse({ name: 'r', type: 'regex', pattern: 'a'.repeat(2_000) }).success).toBe(true);
  });

  it('keeps the m, s and y flags', () => {
    expect(run({ type: 'regex', pattern: '^b$', flags: 'm' }, 'a\nb').score).toBe(1);
    expect(run({ type: 'regex', pattern: 'a.b', flags: 's' }, 'a\nb').score).toBe(1);
    expect(run({ type: 'regex', pattern: 'b', flags: 'y' }, 'ab').score).toBe(0);
  });
});

describe('valid_json', () => {
  it('accepts JSON text and parsed outputs, rejects prose', () => {
    expect(run({ type: 'valid_json' }, ' {"a": 1}\n')).toMatchObject({ score: 1, label: 'valid' });
    expect(run({ type: 'valid_json' }, { a: 1 }).score).toBe(1);
    const bad = run({ type: 'valid_json' }, '{"a": 1,}');
    expect(bad).toMatchObject({ score: 0, label: 'invalid' });
    expect(bad.explanation).toMatch(/not valid JSON/);
  });
});

describe('json_schema', () => {
  const schema = {
    type: 'object',
    properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 }, email: { type: 'string', format: 'email' } },
    required: ['name', 'age'],
  };

  it('validates and lists the first errors', () => {
    expect(run({ type: 'json_schema', schema }, '{"name":"Ann","age":3}')).toMatchObject({ score: 1, label: 'valid' });
    const bad = run({ type: 'json_schema', schema }, { name: 1, age: -1, email: 'nope' });
    expect(bad).toMatchObject({ score: 0, label: 'invalid' });
    expect(bad.explanation).toContain('/name must be string');
    expect(bad.explanation).toContain('/age must be >= 0');
    expect(run({ type: 'json_schema', schema }, 'not json')).toMatchObject({ score: 0, label: 'invalid_json' });
  });

  it('validates a selected output field', () => {
    expect(run({ type: 'json_schema', schema: { type: 'array' }, outputField: 'items' }, { items: [1] }).score).toBe(1);
  });

  it('supports draft 2020-12 schemas', () => {
    const s = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'number' }] };
    expect(run({ type: 'json_schema', schema: s }, ['x']).score).toBe(0);
    expect(run({ type: 'json_schema', schema: s }, [1]).score).toBe(1);
  });

  it('rejects an invalid schema', () => {
    const bad = { type: 'object', properties: { a: { type: 'nonsense' } } };
    expect(validateEvaluatorConfig({ name: 's', type: 'json_schema', schema: bad })[0]).toMatch(/Invalid JSON schema/);
    expect(() => run({ type: 'json_schema', schema: bad }, '{}')).toThrow(EvaluatorConfigError);
    expect(validateEvaluatorConfig({ name: 's', type: 'json_schema', schema })).toEqual([]);
  });

  it('compiles two schemas with the same $id side by side, repeatedly', () => {
    const a = { $id: 'https://example.com/verdict', type: 'object', required: ['a'] };
    const b = { $id: 'https://example.com/verdict', type: 'object', required: ['b'] };
    for (let i = 0; i < 3; i++) {
      // Fresh copies, as configs re-read from the database are.
      expect(run({ type: 'json_schema', schema: structuredClone(a) }, { a: 1 }).score).toBe(1);
      expect(run({ type: 'json_schema', schema: structuredClone(b) }, { a: 1 }).score).toBe(0);
    }
  });

  it('runs pattern and patternProperties on RE2, in linear time', MUST_FINISH, () => {
    const s = { type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } }, patternProperties: { '^(x+x+)+y$': { type: 'number' } } };
    expect(run({ type: 'json_schema', schema: s }, { code: `${'a'.repeat(100_000)}!` })).toMatchObject({ score: 0, label: 'invalid' });
    expect(run({ type: 'json_schema', schema: s }, { code: 'aaa', [`${'x'.repeat(50_000)}y`]: 'not a number' }).score).toBe(0);
    expect(run({ type: 'json_schema', schema: s }, { code: 'aaa', [`${'x'.repeat(50_000)}`]: 'fine' }).score).toBe(1);
  });

  it('refuses a pattern RE2 cannot run, and an oversized schema, at config time', () => {
    const lookbehind = { type: 'string', pattern: '(?<=a)b' };
    expect(validateEvaluatorConfig({ name: 's', type: 'json_schema', schema: lookbehind })[0])
      .toBe('Invalid JSON schema: pattern "(?<=a)b": lookbehind is not supported (patterns run in linear time)');
    const big = { description: 'x'.repeat(70_000) };
    expect(evaluatorConfigSchema.safeParse({ name: 's', type: 'json_schema', schema: big }).error?.issues[0])
      .toMatchObject({ path: ['schema'], message: 'The JSON schema is 70,018 characters; the limit is 64,000' });
    expect(validateEvaluatorConfig({ name: 's', type: 'json_schema', schema: big })).toEqual(['The JSON schema is 70,018 characters; the limit is 64,000']);
  });
});

describe('numeric_closeness', () => {
  it('finds the first number of a long hostile text in linear time', MUST_FINISH, () => {
    expect(extractNumber(`${'-'.repeat(100_000)}7`)).toBe(-7);
    expect(extractNumber('1,2'.repeat(33_000))).toBe(1);
    expect(extractNumber(`1${',123'.repeat(25_000)}4 + 2`)).toBe(Infinity); // 75,000 digits, grouped
    expect(extractNumber(`${'1'.repeat(20)}${'.'.repeat(100_000)}`)).toBe(11111111111111111111);
  });

  it('extracts the first number from text', () => {
    expect(extractNumber('The answer is -1,234.5 apples')).toBe(-1234.5);
    expect(extractNumber('approx 3e2')).toBe(300);
    expect(extractNumber('.5')).toBe(0.5);
    expect(extractNumber(7)).toBe(7);
    expect(extractNumber('none')).toBeNull();
  });

  it('scores 1 within tolerance and a graded score outside', () => {
    expect(run({ type: 'numeric_closeness' }, 'It is 42.', { answer: '42' })).toMatchObject({ score: 1, label: 'close' });
    expect(run({ type: 'numeric_closeness' }, 0.1 + 0.2, 0.3).score).toBe(1);
    expect(run({ type: 'numeric_closeness', tolerance: 1 }, '41', 42).score).toBe(1);
    expect(run({ type: 'numeric_closeness', relativeTolerance: 0.05 }, '104', 100).score).toBe(1);
    const far = run({ type: 'numeric_closeness' }, '40', 50);
    expect(far.label).toBe('far');
    expect(far.score).toBeCloseTo(0.8);
    expect(run({ type: 'numeric_closeness' }, '500', 50).score).toBe(0);
  });

  it('scores a non-numeric output 0 and throws for a non-numeric expected value', () => {
    expect(run({ type: 'numeric_closeness' }, 'no idea', 5)).toMatchObject({ score: 0, label: 'not_a_number' });
    expect(() => run({ type: 'numeric_closeness' }, '5', 'five')).toThrow(EvaluatorInputError);
  });
});

describe('string_similarity', () => {
  it('computes Levenshtein distance', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('flaw', 'lawn')).toBe(2);
    expect(levenshtein('same', 'same')).toBe(0);
    expect(similarityRatio('', '')).toEqual({ ratio: 1, distance: 0 });
  });

  it('agrees with a naive implementation on random strings', () => {
    const naive = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      return d[a.length][b.length];
    };
    let seed = 1;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const word = () => Array.from({ length: Math.floor(rnd() * 12) }, () => 'abc'[Math.floor(rnd() * 3)]).join('');
    for (let k = 0; k < 300; k++) {
      const [a, b] = [word(), word()];
      expect(levenshtein(a, b)).toBe(naive(a, b));
    }
  });

  it('labels by threshold and uses the ratio as score', () => {
    const r = run({ type: 'string_similarity' }, 'kitten', 'sitting');
    expect(r.score).toBeCloseTo(1 - 3 / 7);
    expect(r.label).toBe('different');
    expect(run({ type: 'string_similarity', threshold: 0.5 }, 'kitten', 'sitting').label).toBe('similar');
    expect(run({ type: 'string_similarity' }, ' Paris\n', { answer: 'Paris' })).toMatchObject({ score: 1, label: 'similar' });
  });
});

describe('validateEvaluatorConfig', () => {
  it('checks judge templates', () => {
    const judge = (content: string): EvaluatorConfig => ({
      name: 'j', type: 'llm_judge', providerConnectionId: 'p', model: 'm', template: [{ role: 'user', content }],
    });
    expect(validateEvaluatorConfig(judge('In: {{input}} Out: {{ output }} Exp: {{expected}}'))).toEqual([]);
    expect(validateEvaluatorConfig(judge('In: {{input}}'))[0]).toMatch(/\{\{output\}\}/);
    expect(validateEvaluatorConfig(judge('{{output}} {{answer}}'))[0]).toMatch(/Unknown placeholder \{\{answer\}\}/);
  });

  it('refuses to run llm_judge as code', () => {
    const cfg = { name: 'j', type: 'llm_judge' } as unknown as CodeEvaluatorConfig;
    expect(() => runCodeEvaluator(cfg, { output: '', expected: '', input: {} })).toThrow(EvaluatorConfigError);
  });
});

describe('selectJudgeValues', () => {
  const judge = (fields: Partial<LlmJudgeConfig> = {}): LlmJudgeConfig => ({
    name: 'j', type: 'llm_judge', providerConnectionId: 'p', model: 'm', template: [{ role: 'user', content: '{{output}}' }], ...fields,
  });

  it('applies the same field selection and unwrapping as code evaluators', () => {
    expect(selectJudgeValues(judge(), { input: { q: 1 }, output: '4', expected: { answer: '4' } }))
      .toEqual({ ok: true, values: { input: { q: 1 }, output: '4', expected: '4' } });
    expect(selectJudgeValues(judge({ outputField: 'a' }), { input: {}, output: '{"a": "x"}', expected: null }))
      .toEqual({ ok: true, values: { input: {}, output: 'x', expected: null } });
    expect(selectJudgeValues(judge({ outputField: 'a' }), { input: {}, output: 'prose', expected: null }))
      .toMatchObject({ ok: false, result: { score: 0, label: 'missing_field' } });
  });
});

describe('stableStringify', () => {
  it('sorts keys at every depth', () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });
});
