import { describe, expect, it } from 'vitest';
import { blankDraft } from '../playground/form';
import { newEvaluatorDraft } from '../playground/evaluator-form';
import { estimateRequestSchema } from './estimate-schema';
import { estimateRequestFromDraft } from './estimate-from-draft';

const ids = { providerConnectionId: '6f1c2a5e-1111-4a4a-8a8a-000000000001', datasetId: '6f1c2a5e-1111-4a4a-8a8a-000000000002' };
const draft = () => blankDraft({ ...ids, messages: [{ role: 'user', content: 'Q: {{question}}' }] });

describe('the playground draft as an estimate request', () => {
  it('carries the prompt, model, max tokens, repetitions and the complete LLM judges, and passes the schema', () => {
    const judge = { ...newEvaluatorDraft('llm_judge', { key: 'j', taken: [], providerConnectionId: ids.providerConnectionId, model: 'sim-judge' }) };
    const halfJudge = newEvaluatorDraft('llm_judge', { key: 'h', taken: ['llm_judge'] });
    const code = newEvaluatorDraft('exact_match', { key: 'c', taken: [] });
    const req = estimateRequestFromDraft({ ...draft(), maxTokens: '64', repetitions: '3', evaluators: [judge, halfJudge, code] }, '2026-01-01T00:00:00.000Z');
    expect(req).toMatchObject({ ...ids, model: 'sim-small', maxTokens: 64, repetitions: 3, datasetVersion: '2026-01-01T00:00:00.000Z' });
    expect(req!.messages).toEqual([{ role: 'user', content: 'Q: {{question}}' }]);
    expect(req!.judges).toHaveLength(1);
    expect(req!.judges![0].model).toBe('sim-judge');
    expect(estimateRequestSchema.safeParse(req).success).toBe(true);
  });

  it('leaves out fields still being typed instead of failing', () => {
    const req = estimateRequestFromDraft({ ...draft(), maxTokens: '12x', repetitions: '0', responseSchema: '{"type": ' }, null);
    expect(req).not.toHaveProperty('maxTokens');
    expect(req).not.toHaveProperty('responseSchema');
    expect(req!.repetitions).toBe(1);
    expect(estimateRequestSchema.safeParse(req).success).toBe(true);
  });

  it('lists every variant with only what it changes, leaving out a model row being filled in', () => {
    const variants = {
      prompts: [{ key: 'p2', label: 'qa · v1', messages: [{ role: 'user' as const, content: 'A: {{question}}' }], promptId: 'x', version: 1 }],
      models: [{ key: 'm2', providerConnectionId: ids.providerConnectionId, model: 'sim-large' }, { key: 'm3', providerConnectionId: ids.providerConnectionId, model: ' ' }],
      paramSets: [], names: {},
    };
    const req = estimateRequestFromDraft({ ...draft(), variants }, null);
    expect(req!.variants).toEqual([
      {}, { providerConnectionId: ids.providerConnectionId, model: 'sim-large' },
      { messages: variants.prompts[0].messages }, { messages: variants.prompts[0].messages, providerConnectionId: ids.providerConnectionId, model: 'sim-large' },
    ]);
    expect(estimateRequestSchema.safeParse(req).success).toBe(true);
    // A parameter set changes the estimate through its max tokens only.
    const sets = estimateRequestFromDraft({ ...draft(), variants: { ...variants, prompts: [], models: [], paramSets: [{ key: 's2', temperature: '1', topP: '', maxTokens: '32' }] } }, null);
    expect(sets!.variants).toEqual([{}, { maxTokens: 32 }]);
    // One variant: no list at all, as before.
    expect(estimateRequestFromDraft(draft(), null)).not.toHaveProperty('variants');
  });

  it('is null without a dataset, a provider, a model or a user message', () => {
    expect(estimateRequestFromDraft({ ...draft(), datasetId: '' }, null)).toBeNull();
    expect(estimateRequestFromDraft({ ...draft(), providerConnectionId: '' }, null)).toBeNull();
    expect(estimateRequestFromDraft({ ...draft(), model: ' ' }, null)).toBeNull();
    expect(estimateRequestFromDraft(blankDraft({ ...ids, messages: [{ role: 'user', content: '  ' }] }), null)).toBeNull();
  });
});
