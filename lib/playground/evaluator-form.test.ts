import { describe, expect, it } from 'vitest';
import { evaluatorConfigSchema } from '../evaluators/types';
import { DEFAULT_JUDGE_TEMPLATE } from '../evaluators/judge-verdict';
import { EVALUATOR_TYPES } from '../evaluators/types';
import {
  EVALUATOR_CHOICES, evaluatorDraftFromConfig, evaluatorDraftToConfig, newEvaluatorDraft, parseJsonObject, uniqueEvaluatorName,
} from './evaluator-form';

const draft = (type: Parameters<typeof newEvaluatorDraft>[0], taken: string[] = []) => newEvaluatorDraft(type, { key: 'k', taken, providerConnectionId: 'p1', model: 'sim-judge' });

describe('evaluator drafts', () => {
  it('offers every evaluator type', () => {
    expect(EVALUATOR_CHOICES.map((c) => c.type).sort()).toEqual([...EVALUATOR_TYPES].sort());
  });

  it('names evaluators uniquely', () => {
    expect(uniqueEvaluatorName('exact_match', [])).toBe('exact_match');
    expect(uniqueEvaluatorName('exact_match', ['exact_match', 'exact_match_2'])).toBe('exact_match_3');
    expect(draft('regex', ['regex']).name).toBe('regex_2');
  });

  it('turns an exact match with an expected field into a config the server accepts', () => {
    const d = { ...draft('exact_match'), expectedField: ' answer ' };
    const r = evaluatorDraftToConfig(d, 'config.evaluators.0');
    expect(r).toEqual({ ok: true, config: { type: 'exact_match', name: 'exact_match', expectedField: 'answer', outputField: undefined, caseSensitive: true, trim: true } });
    expect(evaluatorConfigSchema.safeParse(r.ok && r.config).success).toBe(true);
  });

  it('reports field errors under the server keys', () => {
    const r = evaluatorDraftToConfig({ ...draft('regex'), name: ' ', pattern: '(', expectedField: 'a..b' }, 'config.evaluators.2');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['config.evaluators.2.expectedField', 'config.evaluators.2.name', 'config.evaluators.2.pattern']);
  });

  it('validates numbers of numeric and similarity evaluators', () => {
    expect(evaluatorDraftToConfig({ ...draft('numeric_closeness'), tolerance: '-1' }, 'e').ok).toBe(false);
    expect(evaluatorDraftToConfig({ ...draft('numeric_closeness'), tolerance: 'abc' }, 'e').ok).toBe(false);
    const ok = evaluatorDraftToConfig({ ...draft('numeric_closeness'), tolerance: '0.5', relativeTolerance: '' }, 'e');
    expect(ok.ok && ok.config).toMatchObject({ tolerance: 0.5 });
    expect(ok.ok && 'relativeTolerance' in ok.config).toBe(false);
    expect(evaluatorDraftToConfig({ ...draft('string_similarity'), threshold: '1.5' }, 'e').ok).toBe(false);
  });

  it('requires a valid JSON object for a schema', () => {
    expect(evaluatorDraftToConfig({ ...draft('json_schema'), schema: '[1]' }, 'e').ok).toBe(false);
    expect(evaluatorDraftToConfig({ ...draft('json_schema'), schema: '{' }, 'e').ok).toBe(false);
    const r = evaluatorDraftToConfig({ ...draft('json_schema'), schema: '{"type":"object"}' }, 'e');
    expect(r.ok && r.config).toMatchObject({ schema: { type: 'object' } });
  });

  it('prefills a judge with the default template and needs a provider and model', () => {
    const d = draft('llm_judge');
    expect(d.judgeTemplate).toEqual(DEFAULT_JUDGE_TEMPLATE);
    expect(d.judgeTemplate).not.toBe(DEFAULT_JUDGE_TEMPLATE);
    const r = evaluatorDraftToConfig(d, 'e');
    expect(r.ok && r.config).toMatchObject({ type: 'llm_judge', providerConnectionId: 'p1', model: 'sim-judge', template: DEFAULT_JUDGE_TEMPLATE });
    const bad = evaluatorDraftToConfig({ ...d, providerConnectionId: '', model: ' ' }, 'e');
    expect(bad.ok ? [] : Object.keys(bad.errors).sort()).toEqual(['e.model', 'e.providerConnectionId']);
  });

  it('round-trips every type through a config', () => {
    const configs = [
      { type: 'exact_match', name: 'em', expectedField: 'answer', caseSensitive: false, trim: true },
      { type: 'contains', name: 'c', value: 'Paris', caseSensitive: true },
      { type: 'regex', name: 'r', pattern: '^\\d+$', flags: 'i', outputField: 'a.b' },
      { type: 'valid_json', name: 'v' },
      { type: 'json_schema', name: 'js', schema: { type: 'object', required: ['a'] } },
      { type: 'numeric_closeness', name: 'n', tolerance: 0.1, relativeTolerance: 0.05 },
      { type: 'string_similarity', name: 's', threshold: 0.7 },
      { type: 'llm_judge', name: 'j', providerConnectionId: 'p', model: 'm', template: [{ role: 'user', content: '{{output}}' }] },
    ] as const;
    for (const c of configs) {
      const back = evaluatorDraftToConfig(evaluatorDraftFromConfig(evaluatorConfigSchema.parse(c), 'k'), 'e');
      expect(back.ok, c.type).toBe(true);
      expect(evaluatorConfigSchema.parse(back.ok && back.config)).toEqual(evaluatorConfigSchema.parse(c));
    }
  });

  it('parses JSON objects only', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonObject('null').ok).toBe(false);
    expect(parseJsonObject('').ok).toBe(false);
  });
});
