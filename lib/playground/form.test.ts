import { describe, expect, it } from 'vitest';
import { createExperimentSchema, type ExperimentConfig } from '../experiments/config';
import { newEvaluatorDraft } from './evaluator-form';
import {
  blankDraft, buildCreateInput, draftFromExperiment, firstErrorKey, fromServerFieldErrors, messageLabel, nextTurnRole,
  normaliseMessages, promptRefFor, suggestRunName, templateMessages, toDatetimeLocal, type PlaygroundDraft,
} from './form';

const PROVIDER = '00000000-0000-4000-8000-0000000000aa';
const DATASET = '00000000-0000-4000-8000-0000000000bb';
const now = new Date('2026-03-04T05:06:07Z');

function draft(patch: Partial<PlaygroundDraft> = {}): PlaygroundDraft {
  return {
    ...blankDraft({ providerConnectionId: PROVIDER, datasetId: DATASET, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: '{{question}}' }] }),
    ...patch,
  };
}

describe('messages', () => {
  it('always starts with a system message and has a user message', () => {
    expect(normaliseMessages([{ role: 'user', content: 'hi' }]).map((m) => [m.key, m.role, m.content])).toEqual([['m0', 'system', ''], ['m1', 'user', 'hi']]);
    expect(normaliseMessages([]).map((m) => m.role)).toEqual(['system', 'user']);
    expect(normaliseMessages([{ role: 'system', content: 's' }]).map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('labels messages uniquely', () => {
    const ms = [{ role: 'system' }, { role: 'user' }, { role: 'assistant' }, { role: 'user' }] as const;
    expect(ms.map((_, i) => messageLabel([...ms], i))).toEqual(['System message', 'User message', 'Assistant message', 'User message 2']);
  });

  it('alternates the role of added turns', () => {
    expect(nextTurnRole([{ role: 'system' }, { role: 'user' }])).toBe('assistant');
    expect(nextTurnRole([{ role: 'system' }, { role: 'user' }, { role: 'assistant' }])).toBe('user');
  });

  it('leaves an empty system message out of the template', () => {
    expect(templateMessages(normaliseMessages([{ role: 'user', content: 'x' }]))).toEqual([{ role: 'user', content: 'x' }]);
  });
});

describe('buildCreateInput', () => {
  it('builds what the server accepts, with only the params that were set', () => {
    const r = buildCreateInput(draft({ temperature: '0.3', repetitions: '2', evaluators: [{ ...newEvaluatorDraft('exact_match', { key: 'e', taken: [] }), expectedField: 'answer' }] }), { name: ' run-1 ', now });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input).toMatchObject({
      datasetId: DATASET, name: 'run-1', record: true,
      config: {
        template: { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: '{{question}}' }] },
        providerConnectionId: PROVIDER, model: 'sim-small', params: { temperature: 0.3 }, responseSchema: null,
        repetitions: 2, maxConcurrency: null, evaluators: [{ type: 'exact_match', name: 'exact_match', expectedField: 'answer' }],
      },
    });
    expect(r.input).not.toHaveProperty('datasetVersion');
    expect(createExperimentSchema.safeParse(r.input).success).toBe(true);
  });

  it('checks ranges and JSON inline, under the server keys', () => {
    const r = buildCreateInput(draft({
      temperature: '2.5', maxTokens: '1.5', topP: '-0.1', repetitions: '0', maxConcurrency: '101', responseSchema: '{"type":',
    }), { name: 'x', now });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual([
      'config.maxConcurrency', 'config.params.maxTokens', 'config.params.temperature', 'config.params.topP', 'config.repetitions', 'config.responseSchema',
    ]);
    expect(r.errors['config.responseSchema']).toMatch(/Invalid JSON/);
  });

  it('requires the essentials', () => {
    const d = draft({ datasetId: '', providerConnectionId: '', model: ' ', repetitions: '' });
    d.messages[1].content = '  ';
    const r = buildCreateInput(d, { name: '', now });
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual(['config.model', 'config.providerConnectionId', 'config.repetitions', 'datasetId', 'messages.1', 'name']);
  });

  it('accepts a schema object and refuses other JSON', () => {
    const ok = buildCreateInput(draft({ responseSchema: '{"type":"object"}' }), { name: 'x', now });
    expect(ok.ok && ok.input.config.responseSchema).toEqual({ type: 'object' });
    expect(buildCreateInput(draft({ responseSchema: '[]' }), { name: 'x', now }).ok).toBe(false);
  });

  it('takes the dataset version from the chosen mode', () => {
    const at = toDatetimeLocal(new Date(now.getTime() - 3_600_000));
    const r = buildCreateInput(draft({ versionMode: 'at', versionAt: at }), { name: 'x', now });
    expect(r.ok && r.input.datasetVersion).toBe(new Date(now.getTime() - 3_600_000).toISOString());
    const future = buildCreateInput(draft({ versionMode: 'at', versionAt: toDatetimeLocal(new Date(now.getTime() + 3_600_000)) }), { name: 'x', now });
    expect(future.ok ? null : future.errors.datasetVersion).toMatch(/future/);
    expect(buildCreateInput(draft({ versionMode: 'at', versionAt: '' }), { name: 'x', now }).ok).toBe(false);
    const original = buildCreateInput(draft({ versionMode: 'original', originalVersion: '2026-01-01T00:00:00.000Z' }), { name: 'x', now });
    expect(original.ok && original.input.datasetVersion).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses two evaluators with one name', () => {
    const ev = newEvaluatorDraft('valid_json', { key: 'a', taken: [] });
    const r = buildCreateInput(draft({ evaluators: [ev, { ...ev, key: 'b' }] }), { name: 'x', now });
    expect(r.ok ? null : r.errors['config.evaluators.1.name']).toMatch(/Two evaluators/);
  });

  it('records the saved prompt version only while the messages are unchanged', () => {
    const messages = [{ role: 'user' as const, content: '{{question}}' }];
    const d = { ...draft({ messages: normaliseMessages(messages) }), promptRef: { promptId: 'p', version: 3, messages } };
    expect(promptRefFor(d)).toEqual({ promptId: 'p', promptVersion: 3 });
    const r = buildCreateInput(d, { name: 'x', now });
    expect(r.ok && r.input.config.template).toEqual({ messages, promptId: 'p', promptVersion: 3 });
    d.messages[1] = { ...d.messages[1], content: 'changed' };
    expect(promptRefFor(d)).toBeNull();
  });
});

describe('round trip from an experiment', () => {
  it('pre-fills the form from a config and builds the same config again', () => {
    const config: ExperimentConfig = {
      template: { messages: [{ role: 'user', content: 'Q: {{question}}' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'again' }] },
      providerConnectionId: PROVIDER, model: 'gpt-x', params: { temperature: 0, maxTokens: 64, topP: 0.9 },
      responseSchema: { type: 'object' }, repetitions: 3, maxConcurrency: 4,
      evaluators: [{ type: 'regex', name: 'digits', pattern: '\\d+' }],
    };
    const d = draftFromExperiment({ datasetId: DATASET, datasetVersion: '2026-01-01T00:00:00.000Z', record: false, config });
    expect(d.versionMode).toBe('latest');
    expect(d.originalVersion).toBe('2026-01-01T00:00:00.000Z');
    expect(d.record).toBe(false);
    const r = buildCreateInput(d, { name: 'again', now });
    expect(r.ok && r.input.config).toEqual(config);
  });

  it('carries a budget cap and a call cache mode there and back; auto and no cap stay unset', () => {
    const config: ExperimentConfig = {
      template: { messages: [{ role: 'user', content: '{{question}}' }] }, providerConnectionId: PROVIDER, model: 'sim-small',
      params: {}, responseSchema: null, repetitions: 1, maxConcurrency: null, evaluators: [], budgetUsd: 2.5, cache: 'off',
    };
    const d = draftFromExperiment({ datasetId: DATASET, datasetVersion: '2026-01-01T00:00:00.000Z', record: true, config });
    expect([d.budgetUsd, d.cache]).toEqual(['2.5', 'off']);
    const r = buildCreateInput(d, { name: 'capped', now });
    expect(r.ok && r.input.config).toEqual(config);
    const plain = buildCreateInput({ ...d, budgetUsd: ' ', cache: 'auto' }, { name: 'plain', now });
    expect(plain.ok && [plain.input.config.budgetUsd, plain.input.config.cache]).toEqual([undefined, undefined]);
  });

  it('refuses a budget cap that is not a positive amount of at most $1,000,000, with the field named', () => {
    const d = draftFromExperiment({ datasetId: DATASET, datasetVersion: '2026-01-01T00:00:00.000Z', record: true, config: {
      template: { messages: [{ role: 'user', content: 'x' }] }, providerConnectionId: PROVIDER, model: 'm',
      params: {}, responseSchema: null, repetitions: 1, maxConcurrency: null, evaluators: [],
    } });
    const error = (text: string) => { const r = buildCreateInput({ ...d, budgetUsd: text }, { name: 'n', now }); return r.ok ? null : r.errors['config.budgetUsd']; };
    expect(error('0')).toBe('The budget cap must be more than $0');
    expect(error('1e7')).toBe('The budget cap must be at most $1,000,000');
    expect(error('five')).toBe('The budget cap must be an amount in dollars, like 5 or 0.50');
    expect(error('$1,000.50')).toBeNull();
  });
});

describe('names and errors', () => {
  it('suggests a name from the model and the local time, to the second', () => {
    expect(suggestRunName('sim-small', new Date(2026, 0, 2, 3, 4, 5))).toBe('sim-small-2026-01-02-030405');
    expect(suggestRunName('  ', new Date(2026, 0, 2, 3, 4, 5))).toBe('playground-2026-01-02-030405');
  });

  it('maps server template errors onto the first user message', () => {
    const d = draft();
    expect(fromServerFieldErrors({ 'config.template.messages': 'The prompt has no messages', name: 'Name is taken' }, d))
      .toEqual({ 'messages.1': 'The prompt has no messages', name: 'Name is taken' });
    expect(fromServerFieldErrors(undefined, d)).toEqual({});
  });

  it('maps an error on one sent message onto that message of the draft', () => {
    const problem = 'Unknown variable {{missing}}: no item of the dataset provides it';
    // Sent as is: the system message is not empty.
    const withSystem = draft({ messages: normaliseMessages([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: '{{question}}' }, { role: 'user', content: '{{missing}}' }]) });
    expect(fromServerFieldErrors({ 'config.template.messages.2': problem }, withSystem)).toEqual({ 'messages.2': problem });
    // The empty system message is left out: the server's message 1 is the draft's 2.
    const noSystem = draft({ messages: normaliseMessages([{ role: 'user', content: '{{question}}' }, { role: 'user', content: '{{missing}}' }]) });
    expect(fromServerFieldErrors({ 'config.template.messages.1': problem }, noSystem)).toEqual({ 'messages.2': problem });
  });

  it('finds the first error in form order', () => {
    expect(firstErrorKey({ b: 'x', a: 'y' }, ['a', 'b'])).toBe('a');
    expect(firstErrorKey({ z: 'x' }, ['a'])).toBe('z');
  });
});
