import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator/server';
import { LIMITS } from '../limits';
import type { ExperimentConfig } from '../experiments/config';
import { buildChatRequest, callChat } from './task-call';

let sim: Simulator;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  client = new OpenAI({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
});
afterAll(() => sim.close());

const config = (responseSchema: Record<string, unknown> | null = null): ExperimentConfig => ({
  template: { messages: [{ role: 'user', content: 'uppercase: {{text}}' }] },
  providerConnectionId: '00000000-0000-4000-8000-000000000000', model: 'sim-small', params: {},
  responseSchema, repetitions: 1, maxConcurrency: null, evaluators: [],
});

describe('callChat', () => {
  it('keeps a long output whole and only the head of the raw response', async () => {
    const text = 'a'.repeat(LIMITS.responseKeptChars + 1_000);
    const outcome = await callChat(client, buildChatRequest(config(), { text }), { timeoutMs: 30_000 });
    expect(outcome.output === text.toUpperCase()).toBe(true);
    const response = outcome.response as { truncated: boolean; chars: number; head: string };
    expect(response.truncated).toBe(true);
    expect(response.chars).toBeGreaterThan(LIMITS.responseKeptChars + 1_000);
    expect(response.head.length).toBe(LIMITS.responseKeptChars);
    expect(response.head.startsWith('{"id":"chatcmpl-')).toBe(true);
  });

  it('keeps a response that fits as it came', async () => {
    const outcome = await callChat(client, buildChatRequest(config(), { text: 'hi' }), { timeoutMs: 30_000 });
    expect(outcome.output).toBe('HI');
    expect(outcome.response).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: 'HI' } }] });
  });

  it('validates structured output against a schema with an $id, call after call', async () => {
    const schema = { $id: 'https://example.com/out', type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
    for (let i = 0; i < 3; i++) {
      // A fresh copy each time, as a config re-read from the database is.
      const own = structuredClone(schema);
      const outcome = await callChat(client, buildChatRequest(config(own), { text: `t${i}` }), { timeoutMs: 30_000, responseSchema: own });
      expect(outcome.output).toMatchObject({ text: expect.any(String) });
    }
  });
});
