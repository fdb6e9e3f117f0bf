import { describe, expect, it } from 'vitest';
import { createExperimentSchema, type ExperimentConfig } from '../experiments/config';
import { experimentVariants } from '../experiments/variants';
import { LIMITS } from '../limits';
import { blankDraft, buildCreateInput, draftFromExperiment, fromServerFieldErrors, type PlaygroundDraft } from './form';
import {
  describeParams, noVariants, promptErrorKeys, pruneNames, variantCells, variantCount, variantCountLine, variantErrorKey, variantPreviews,
  variantsDraftFromConfig, variantsFromDraft, type ModelRow, type PromptChoice, type VariantBase, type VariantsDraft,
} from './variants-form';

const P1 = '00000000-0000-4000-8000-0000000000a1';
const P2 = '00000000-0000-4000-8000-0000000000a2';
const DATASET = '00000000-0000-4000-8000-0000000000bb';
const now = new Date('2026-03-04T05:06:07Z');

const base: VariantBase = { template: { messages: [{ role: 'user', content: 'Q: {{question}}' }] }, providerConnectionId: P1, model: 'sim-small', params: { temperature: 0 } };
const savedV1: PromptChoice = { key: 'p2', label: 'qa · v1', messages: [{ role: 'user', content: 'Answer: {{question}}' }], promptId: 'prompt-1', version: 1 };
const large: ModelRow = { key: 'm2', providerConnectionId: P1, model: 'sim-large' };
const other: ModelRow = { key: 'm3', providerConnectionId: P2, model: 'gpt-x' };
const grid = (patch: Partial<VariantsDraft> = {}): VariantsDraft => ({ ...noVariants(), ...patch });

function draft(patch: Partial<PlaygroundDraft> = {}): PlaygroundDraft {
  return { ...blankDraft({ providerConnectionId: P1, datasetId: DATASET, messages: base.template.messages }), temperature: '0', ...patch };
}

describe('the variant grid of a draft', () => {
  it('counts prompts x models (x parameter sets) and says so', () => {
    expect(variantCountLine(grid())).toBe('1 prompt x 1 model = 1 variant');
    const v = grid({ prompts: [savedV1], models: [large, other] });
    expect(variantCount(v)).toBe(6);
    expect(variantCountLine(v)).toBe('2 prompts x 3 models = 6 variants');
    expect(variantCountLine({ ...v, paramSets: [{ key: 's2', temperature: '1', topP: '', maxTokens: '' }] })).toBe('2 prompts x 3 models x 2 parameter sets = 12 variants');
  });

  it('orders the cells as variantGrid does: prompts, then models, then parameter sets', () => {
    const cells = variantCells(grid({ prompts: [savedV1], models: [large] }));
    expect(cells.map((c) => [c.index, c.prompt, c.model, c.paramSet])).toEqual([[0, 0, 0, 0], [1, 0, 1, 0], [2, 1, 0, 0], [3, 1, 1, 0]]);
    expect(cells.map((c) => c.key)).toEqual(['prompt/model/params', 'prompt/m2/params', 'p2/model/params', 'p2/m2/params']);
  });

  it('stays a plain config with one variant', () => {
    expect(variantsFromDraft(grid(), base)).toEqual({ variants: undefined, errors: {} });
    const r = buildCreateInput(draft(), { name: 'x', now });
    expect(r.ok && r.input.config).not.toHaveProperty('variants');
  });

  it('builds 2 prompts x 2 models as four variants with the saved version recorded, and the server takes it', () => {
    const r = buildCreateInput(draft({ variants: grid({ prompts: [savedV1], models: [large] }) }), { name: 'grid', now });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const variants = r.input.config.variants!;
    expect(variants).toHaveLength(4);
    expect(variants.map((v) => v.model)).toEqual(['sim-small', 'sim-large', 'sim-small', 'sim-large']);
    expect(variants[2].template).toEqual({ messages: savedV1.messages, promptId: 'prompt-1', promptVersion: 1 });
    const parsed = createExperimentSchema.parse(r.input);
    expect(experimentVariants(parsed.config).map((v) => v.name)).toEqual([
      'sim-small · prompt 1', 'sim-large · prompt 1', 'sim-small · prompt 2', 'sim-large · prompt 2',
    ]);
  });

  it('keeps the form\'s parameters in an extra set\'s empty fields', () => {
    const v = grid({ paramSets: [{ key: 's2', temperature: '0.7', topP: '', maxTokens: '64' }] });
    const r = variantsFromDraft(v, base);
    const resolved = experimentVariants({ ...base, variants: r.variants } as ExperimentConfig);
    expect(resolved.map((x) => x.params)).toEqual([{ temperature: 0 }, { temperature: 0.7, maxTokens: 64 }]);
    expect(resolved.map((x) => x.name)).toEqual(['t=0 · max_tokens=default', 't=0.7 · max_tokens=64']);
  });

  it('refuses more variants than the limit, naming it', () => {
    const models = Array.from({ length: 12 }, (_, i) => ({ key: `m${i + 2}`, providerConnectionId: P1, model: `sim-${i}` }));
    const v = grid({ prompts: [savedV1], models });
    expect(variantCount(v)).toBe(26);
    const r = variantsFromDraft(v, base);
    expect(r.variants).toBeUndefined();
    expect(Object.keys(r.errors)).toEqual(['config.variants']);
    expect(r.errors['config.variants']).toBe(`2 prompts x 13 models = 26 variants: an experiment has at most ${LIMITS.variants} variants`);
    expect(variantPreviews(v, base)).toEqual([]);
    const built = buildCreateInput(draft({ variants: v }), { name: 'x', now });
    expect(built.ok ? null : built.errors['config.variants']).toMatch(/at most 24 variants/);
    // The rows' own mistakes still show past the limit.
    const bad = variantsFromDraft({ ...v, models: [...models, { key: 'mx', providerConnectionId: P1, model: '' }], paramSets: [{ key: 's2', temperature: '9', topP: '', maxTokens: '' }] }, base);
    expect(Object.keys(bad.errors).sort()).toEqual(['config.variants', 'variants.models.13.model', 'variants.paramSets.1.temperature']);
    // At the limit exactly it is fine.
    expect(variantsFromDraft(grid({ prompts: [savedV1], models: models.slice(0, 11) }), base).variants).toHaveLength(24);
  });

  it('puts each row\'s mistakes on that row\'s inputs', () => {
    const v = grid({
      models: [large, { key: 'm3', providerConnectionId: '', model: ' ' }],
      paramSets: [{ key: 's2', temperature: '3', topP: '1.5', maxTokens: '0.5' }],
    });
    const r = variantsFromDraft(v, base);
    expect(r.errors).toEqual({
      'variants.models.2.providerConnectionId': 'Choose a provider connection',
      'variants.models.2.model': 'Choose a model',
      'variants.paramSets.1.temperature': 'Between 0 and 2',
      'variants.paramSets.1.topP': 'Between 0 and 1',
      'variants.paramSets.1.maxTokens': 'A whole number from 1 to 1,000,000',
    });
  });
});

describe('variant names', () => {
  it('lists the automatic names and takes a rename, keyed by the combination', () => {
    const v = grid({ models: [large] });
    expect(variantPreviews(v, base).map((p) => p.name)).toEqual(['sim-small', 'sim-large']);
    const renamed = { ...v, names: { 'prompt/m2/params': ' big one ' } };
    const previews = variantPreviews(renamed, base);
    expect(previews.map((p) => [p.name, p.automatic])).toEqual([['sim-small', 'sim-small'], ['big one', 'sim-large']]);
    expect(variantsFromDraft(renamed, base).variants?.map((s) => s.name)).toEqual([undefined, 'big one']);
  });

  it('refuses two variants with one name on the second one\'s name input, and over-long names', () => {
    const v = grid({ models: [large], names: { 'prompt/m2/params': 'sim-small' } });
    expect(variantsFromDraft(v, base).errors).toEqual({ 'config.variants.1.name': 'Two variants are named "sim-small"' });
    const long = grid({ models: [large], names: { 'prompt/model/params': 'x'.repeat(101) } });
    expect(variantsFromDraft(long, base).errors['config.variants.0.name']).toBe('At most 100 characters');
  });

  it('drops the names of a removed row\'s combinations', () => {
    const v = grid({ prompts: [savedV1], models: [large], names: { 'p2/m2/params': 'a', 'prompt/model/params': 'b' } });
    expect(pruneNames({ ...v, models: [] }).names).toEqual({ 'prompt/model/params': 'b' });
  });

  it('describes a parameter set in a few words', () => {
    expect(describeParams({})).toBe('the provider’s defaults');
    expect(describeParams({ temperature: 0.7, maxTokens: 64 })).toBe('t=0.7 · max_tokens=64');
  });
});

describe('server errors on variants', () => {
  const v = grid({ prompts: [savedV1], models: [large], paramSets: [{ key: 's2', temperature: '1', topP: '', maxTokens: '' }] });
  // Cells: 0 p0 m0 s0, 1 p0 m0 s1, 2 p0 m1 s0, 3 p0 m1 s1, 4 p1 m0 s0, …

  it('map back to the row the variant took', () => {
    expect(variantErrorKey('config.variants.3.model', v, own)).toBe('variants.models.1.model');
    expect(variantErrorKey('config.variants.3.providerConnectionId', v, own)).toBe('variants.models.1.providerConnectionId');
    expect(variantErrorKey('config.variants.1.params.temperature', v, own)).toBe('variants.paramSets.1.temperature');
    expect(variantErrorKey('config.variants.4.template.messages', v, own)).toBe('variants.prompts.1');
    expect(variantErrorKey('config.variants.2.name', v, own)).toBe('config.variants.2.name');
  });

  // The form's prompt: its empty system message was left out, so the server's message 0 is the form's 1.
  const own = promptErrorKeys('messages.1', true);

  it('map onto the form\'s own field for its own row, and onto the section otherwise', () => {
    expect(variantErrorKey('config.variants.0.model', v, own)).toBe('config.model');
    expect(variantErrorKey('config.variants.2.params.temperature', v, own)).toBe('config.params.temperature');
    expect(variantErrorKey('config.variants.1.template.messages.0.content', v, own)).toBe('messages.1');
    expect(variantErrorKey('config.variants.99.model', v, own)).toBe('config.variants');
    expect(variantErrorKey('config.variants', v, own)).toBe('config.variants');
    expect(variantErrorKey('config.model', v, own)).toBe('config.model');
  });

  it('map a template error onto the message it names, counting the messages the form left out', () => {
    expect(variantErrorKey('config.template.messages.0', v, own)).toBe('messages.1');
    expect(variantErrorKey('config.template.messages.2.content', v, own)).toBe('messages.3');
    expect(variantErrorKey('config.template.messages.1', v, promptErrorKeys('messages.1', false))).toBe('messages.1');
    expect(variantErrorKey('config.variants.1.template.messages.0', v, promptErrorKeys('messages.1', false))).toBe('messages.0');
    expect(variantErrorKey('config.template.messages', v, own)).toBe('messages.1');
    expect(variantErrorKey('config.template', v, own)).toBe('messages.1');
  });

  it('are mapped by fromServerFieldErrors with the draft', () => {
    expect(fromServerFieldErrors({ 'config.variants.3.model': 'Choose a model for every variant', name: 'taken' }, draft({ variants: v })))
      .toEqual({ 'variants.models.1.model': 'Choose a model for every variant', name: 'taken' });
  });
});

describe('an experiment\'s variants back in the form', () => {
  it('come back as the rows that made them, names included, and build the same variants', () => {
    const d = draft({ variants: grid({ prompts: [savedV1], models: [large, other], names: { 'p2/m3/params': 'other on saved' } }) });
    const first = buildCreateInput(d, { name: 'x', now });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const config = createExperimentSchema.parse(first.input).config;
    const back = draftFromExperiment({ datasetId: DATASET, datasetVersion: '2026-01-01T00:00:00.000Z', record: true, config });
    expect(back.variants.prompts.map((p) => p.messages)).toEqual([savedV1.messages]);
    expect(back.variants.models.map((m) => m.model)).toEqual(['sim-large', 'gpt-x']);
    const again = buildCreateInput(back, { name: 'x', now });
    expect(again.ok && again.input.config.variants).toEqual(first.input.config.variants);
  });

  it('restores parameter sets and a list that is not a grid as the grid of its parts', () => {
    const config = {
      ...base, params: {}, responseSchema: null, repetitions: 1, maxConcurrency: null, evaluators: [],
      variants: [{}, { model: 'sim-large', params: { temperature: 1 } }],
    } as ExperimentConfig;
    const v = variantsDraftFromConfig(config);
    expect(v.models.map((m) => m.model)).toEqual(['sim-large']);
    expect(v.paramSets.map((s) => s.temperature)).toEqual(['1']);
    expect(variantCount(v)).toBe(4);
    expect(variantsDraftFromConfig({ ...config, variants: undefined })).toEqual(noVariants());
  });
});
