import { describe, expect, it } from 'vitest';
import { applyMapping, columnMappingSchema, mappingProblems, suggestMapping } from './column-mapping';

describe('suggestMapping', () => {
  it('sorts columns into input, expected and metadata', () => {
    expect(suggestMapping(['question', 'context', 'Expected Answer', 'ground_truth', 'id', 'Tags', 'source', 'label'])).toEqual({
      input: ['question', 'context'],
      expected: ['Expected Answer', 'ground_truth', 'label'],
      metadata: ['id', 'Tags', 'source'],
    });
    expect(suggestMapping(['q', 'expected'])).toEqual({ input: ['q'], expected: ['expected'], metadata: [] });
  });
});

describe('columnMappingSchema', () => {
  it('requires an input column and rejects a column in two groups', () => {
    expect(columnMappingSchema.parse({ input: ['q'] })).toEqual({ input: ['q'], expected: [], metadata: [] });
    expect(columnMappingSchema.safeParse({ input: [], expected: ['a'] }).success).toBe(false);
    const both = columnMappingSchema.safeParse({ input: ['q'], expected: ['q'], metadata: [] });
    expect(both.success).toBe(false);
    expect(both.error?.issues[0].message).toBe('Column "q" is mapped to both input and expected');
  });

  it('reports columns the file lacks', () => {
    expect(mappingProblems({ input: ['q', 'x'], expected: [], metadata: [] }, ['q'])).toEqual(['The file has no column "x"']);
  });
});

describe('applyMapping', () => {
  const mapping = { input: ['question', 'ctx'], expected: ['expected'], metadata: ['id'] };

  it('builds input, expected output (still an object for one column) and metadata; drops unmapped columns', () => {
    expect(applyMapping({ question: 'Capital of France?', ctx: '{"lang": "en"}', expected: 'Paris', id: '007', extra: 'x' }, mapping)).toEqual({
      input: { question: 'Capital of France?', ctx: { lang: 'en' } },
      expectedOutput: { expected: 'Paris' },
      metadata: { id: '007' },
    });
  });

  it('parses JSON-looking cells only when they parse', () => {
    const r = applyMapping({ question: '[1, 2]', ctx: '{not json}', expected: '42', id: '1' }, mapping);
    expect(r.input).toEqual({ question: [1, 2], ctx: '{not json}' });
    expect(r.expectedOutput).toEqual({ expected: '42' });
  });

  it('has a null expected output when nothing is mapped or the cells are empty', () => {
    expect(applyMapping({ question: 'q', ctx: '', expected: '', id: '1' }, mapping).expectedOutput).toBeNull();
    expect(applyMapping({ question: 'q' }, { input: ['question'], expected: [], metadata: [] }).expectedOutput).toBeNull();
  });

  it('keeps JSONL values as they are and skips absent keys', () => {
    expect(applyMapping({ question: { text: 'q' }, expected: 3 }, mapping)).toEqual({
      input: { question: { text: 'q' } }, expectedOutput: { expected: 3 }, metadata: {},
    });
  });
});
