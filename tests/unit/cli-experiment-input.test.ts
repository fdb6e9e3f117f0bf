import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBody, evaluatorNames } from '../../cli/experiment-input';
import type { RunOptions } from '../../cli/args';
import type { ApiClient } from '../../cli/api-client';
import { ApiError, UsageError } from '../../cli/exit-codes';

// How `run` assembles POST /api/experiments from a config file and flags (files on disk; the
// name look-ups answered by a stand-in for the two list routes).

const DATASET = '11111111-1111-4111-8111-111111111111';
const PROVIDER = '22222222-2222-4222-8222-222222222222';
let dir: string;
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

const lists = (role: 'admin' | 'member'): ApiClient => ({
  get: async <T>(p: string) => {
    if (p === '/api/datasets') return [{ id: DATASET, name: 'qa' }, { id: 'x', name: 'other' }] as T;
    if (p === '/api/providers') {
      if (role === 'member') throw new ApiError('GET /api/providers failed (HTTP 403): Only an admin can do this', 403);
      return [{ id: PROVIDER, name: 'openai' }] as T;
    }
    throw new Error(`unexpected GET ${p}`);
  },
  post: async () => { throw new Error('unexpected POST'); },
});
const now = new Date('2025-06-01T10:00:00Z');
const build = (run: RunOptions, role: 'admin' | 'member' = 'admin') => createBody(lists(role), run, now);
const refusal = async (run: RunOptions, role: 'admin' | 'member' = 'admin') => {
  const err = await build(run, role).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UsageError);
  return (err as Error).message;
};

beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-input-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('createBody', () => {
  it('takes a whole create body and lays the flags over it', async () => {
    const config = file('body.json', JSON.stringify({
      datasetId: DATASET, name: 'from file', record: true,
      config: { template: { messages: [{ role: 'user', content: '{{q}}' }] }, providerConnectionId: PROVIDER, model: 'a', params: { topP: 0.9 } },
    }));
    expect(await build({ configFile: config })).toEqual({
      datasetId: DATASET, name: 'from file', record: true,
      config: { template: { messages: [{ role: 'user', content: '{{q}}' }] }, providerConnectionId: PROVIDER, model: 'a', params: { topP: 0.9 } },
    });
    expect(await build({ configFile: config, dataset: 'qa', name: 'flagged', model: 'b', temperature: 0, repetitions: 3 })).toMatchObject({
      datasetId: DATASET, name: 'flagged', config: { model: 'b', repetitions: 3, params: { topP: 0.9, temperature: 0 } },
    });
  });

  it('takes only the config object too, and builds one from the flags alone', async () => {
    const config = file('config.json', JSON.stringify({ model: 'a', evaluators: [{ name: 'exact', type: 'exact_match' }] }));
    const body = await build({ configFile: config, dataset: DATASET });
    expect(body).toEqual({ datasetId: DATASET, name: 'cli 2025-06-01T10:00:00.000Z', config: { model: 'a', evaluators: [{ name: 'exact', type: 'exact_match' }] } });
    expect(evaluatorNames(body)).toEqual(['exact']);

    const prompt = file('prompt.txt', 'Answer: {{question}}\n\n');
    const messages = file('prompt.json', JSON.stringify({ messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: '{{question}}' }] }));
    const evaluators = file('evaluators.json', JSON.stringify([{ name: 'exact', type: 'exact_match' }]));
    expect(await build({ dataset: 'qa', provider: 'openai', model: 'gpt', promptFile: prompt, evaluatorsFile: evaluators })).toEqual({
      datasetId: DATASET, name: 'cli 2025-06-01T10:00:00.000Z',
      config: { providerConnectionId: PROVIDER, model: 'gpt', template: { messages: [{ role: 'user', content: 'Answer: {{question}}' }] }, evaluators: [{ name: 'exact', type: 'exact_match' }] },
    });
    expect((await build({ dataset: DATASET, provider: PROVIDER, model: 'gpt', promptFile: messages })).config.template)
      .toEqual({ messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: '{{question}}' }] });
  });

  it('says what is missing or wrong, naming the flag and the file', async () => {
    const prompt = file('p.txt', '{{q}}');
    expect(await refusal({ dataset: 'qa', model: 'm' })).toBe('run needs --config <file.json>, or --provider, --model and --prompt-file (missing --provider, --prompt-file)');
    expect(await refusal({ provider: PROVIDER, model: 'm', promptFile: prompt })).toBe('run needs --dataset <id|name> (or "datasetId" in the config file)');
    expect(await refusal({ dataset: 'nope', provider: PROVIDER, model: 'm', promptFile: prompt })).toBe('--dataset: no dataset is named "nope" (names are matched exactly)');
    expect(await refusal({ dataset: 'qa', provider: 'openai', model: 'm', promptFile: prompt }, 'member'))
      .toBe('--provider "openai": only an admin\'s API key can look a provider up by name; pass its id instead');
    const missing = path.join(dir, 'missing.json');
    expect(await refusal({ dataset: 'qa', configFile: missing })).toBe(`--config: cannot read ${missing}: no such file`);
    const broken = file('broken.json', '{"model": ');
    expect(await refusal({ dataset: 'qa', configFile: broken })).toMatch(new RegExp(`^--config ${broken} is not valid JSON: `));
    const list = file('list.json', '[]');
    expect(await refusal({ dataset: 'qa', configFile: list })).toBe(`--config ${list} must hold a JSON object: a create body or an experiment config`);
    const huge = file('huge.txt', Buffer.alloc(1024 * 1024 + 1, 'a'));
    expect(await refusal({ dataset: 'qa', provider: PROVIDER, model: 'm', promptFile: huge }))
      .toBe(`--prompt-file ${huge} is 1.0 MB; the limit is 1 MB (the API's limit for a JSON request)`);
    const blank = file('blank.txt', '  \n');
    expect(await refusal({ dataset: 'qa', provider: PROVIDER, model: 'm', promptFile: blank })).toBe(`--prompt-file ${blank} is empty`);
  });
});
