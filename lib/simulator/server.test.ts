import OpenAI, { type APIError, type RateLimitError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_KNOBS } from './knobs';
import { startSimulator, type Simulator } from './server';

let sim: Simulator;
let client: OpenAI;
const user = (content: string) => [{ role: 'user' as const, content }];
const ask = (content: string, c: OpenAI = client) =>
  c.chat.completions.create({ model: 'sim-small', messages: user(content) });
const root = () => sim.url.replace(/\/v1$/, '');
const postJson = (path: string, body: unknown) =>
  fetch(`${root()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the request to fail');
}

async function waitFor(check: () => boolean, ms = 2000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  client = new OpenAI({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setKnobs({ ...DEFAULT_KNOBS });
  sim.resetStats();
});

describe('OpenAI API surface', () => {
  it('answers a chat completion', async () => {
    const res = await ask('uppercase: hello sim');
    expect(res).toMatchObject({
      object: 'chat.completion',
      model: 'sim-small',
      choices: [{ index: 0, message: { role: 'assistant', content: 'HELLO SIM' }, finish_reason: 'stop' }],
      // Prompt: 4 tokens of text, 3 + 1 (the role) for the message, 3 to prime the reply (o200k_base).
      usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
    });
    expect(res.id).toMatch(/^chatcmpl-/);
  });

  it('streams a completion in several chunks, with usage when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'sim-large',
      messages: user('uppercase: streaming works fine'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) pieces.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.join('')).toBe('STREAMING WORKS FINE');
    expect(pieces.length).toBeGreaterThan(1);
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ completion_tokens: 5 });
  });

  it('lists the simulated models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['sim-small', 'sim-large', 'sim-judge']);
  });

  it('returns structured output the SDK can parse', async () => {
    const Answer = z.object({ answer: z.string(), confidence: z.number(), sources: z.array(z.string()) });
    const res = await client.chat.completions.parse({
      model: 'sim-small',
      messages: user('What is the capital of Italy?'),
      response_format: zodResponseFormat(Answer, 'answer'),
    });
    expect(res.choices[0].message.parsed).toEqual({ answer: 'Rome', confidence: 0, sources: [] });
  });

  it('rejects bad bodies with 400 and the OpenAI error shape', async () => {
    const noModel = await postJson('/v1/chat/completions', { messages: user('hi') });
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toEqual({
      error: { message: expect.any(String), type: 'invalid_request_error', param: 'model', code: 'missing_required_parameter' },
    });
    const noMessages = await postJson('/v1/chat/completions', { model: 'sim-small' });
    expect((await noMessages.json()).error.param).toBe('messages');
    expect((await postJson('/v1/chat/completions', '{not json')).status).toBe(400);
    const err = await caught(client.chat.completions.create({ model: 'sim-small', messages: [] }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as APIError).param).toBe('messages');
    expect(sim.stats().byStatus['400']).toBe(4);
  });
});

describe('faults', () => {
  it('answers 429 with retry-after beyond the rpm limit', async () => {
    sim.setKnobs({ requestsPerMinute: 60 });
    await ask('first');
    const err = await caught(ask('second'));
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const rate = err as RateLimitError;
    expect(rate.type).toBe('rate_limit_exceeded');
    expect(rate.headers.get('retry-after')).toBe('1');
    expect(Number(rate.headers.get('retry-after-ms'))).toBeGreaterThan(900);
    expect(Number(rate.headers.get('retry-after-ms'))).toBeLessThanOrEqual(1000);
    expect(rate.headers.get('x-ratelimit-limit-requests')).toBe('60');
  });

  it('can keep its limit to itself, like providers that send no x-ratelimit headers', async () => {
    sim.setKnobs({ requestsPerMinute: 60, advertiseLimits: false });
    try {
      await ask('one').catch(() => {});
      const err = await caught(ask('two'));
      expect(err).toBeInstanceOf(OpenAI.RateLimitError);
      expect((err as RateLimitError).headers.get('x-ratelimit-limit-requests')).toBeNull();
      expect((err as RateLimitError).headers.get('retry-after')).not.toBeNull();
    } finally {
      sim.setKnobs({ advertiseLimits: true });
    }
  });

  it('can keep quiet about when to come back, like providers that send no retry-after', async () => {
    sim.setKnobs({ requestsPerMinute: 60, sendRetryAfter: false });
    try {
      await ask('quiet one').catch(() => {});
      const err = await caught(ask('quiet two'));
      expect(err).toBeInstanceOf(OpenAI.RateLimitError);
      expect((err as RateLimitError).headers.get('retry-after')).toBeNull();
      expect((err as RateLimitError).headers.get('retry-after-ms')).toBeNull();
    } finally {
      sim.setKnobs({ sendRetryAfter: true });
    }
  });

  it('gives retry-after-ms that lets a retrying SDK through', async () => {
    sim.setKnobs({ requestsPerMinute: 120 }); // 2/s, burst of 2
    // A token comes every 500 ms, so 6 requests sent at once meet 429s unless the machine takes
    // over 2 s to send them; each refused one is told when the next token comes, and gets through.
    const retrying = new OpenAI({ baseURL: sim.url, apiKey: 'x', maxRetries: 8 });
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => ask(`burst ${i}`, retrying)));
    expect(replies).toHaveLength(6);
    const stats = sim.stats();
    expect(stats.byStatus['429']).toBeGreaterThanOrEqual(1);
    expect(stats.byStatus['200']).toBe(6);
  });

  it('checks the API key when one is required', async () => {
    sim.setKnobs({ requiredApiKey: 'secret' });
    const err = await caught(ask('hi'));
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as APIError).code).toBe('invalid_api_key');
    const keyed = new OpenAI({ baseURL: sim.url, apiKey: 'secret', maxRetries: 0 });
    expect((await ask('reverse: ok', keyed)).choices[0].message.content).toBe('ko');
  });

  it('answers 503 during an outage, also a timed one', async () => {
    sim.setKnobs({ outage: true });
    const err = await caught(ask('hi'));
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as APIError).status).toBe(503);
    expect((err as APIError).message).toContain('outage window');
    sim.setKnobs({ outage: false, outageUntil: Date.now() + 150 });
    expect(((await caught(ask('hi'))) as APIError).status).toBe(503);
    await sleep(200);
    expect((await ask('reverse: up')).choices[0].message.content).toBe('pu');
  });

  it('fails about errorRate of requests, repeatably for a seed', async () => {
    const failures = async (n: number) => {
      const failed: number[] = [];
      for (let i = 0; i < n; i++) {
        const err = await ask(`item ${i}`).then(() => null, (e: unknown) => e);
        if (err) {
          expect([500, 502, 503]).toContain((err as APIError).status);
          failed.push(i);
        }
      }
      return failed;
    };
    sim.setKnobs({ errorRate: 0.2, seed: 42 });
    const first = await failures(400);
    expect(first.length).toBeGreaterThan(55);
    expect(first.length).toBeLessThan(105);
    sim.setKnobs({ seed: 42 });
    expect(await failures(100)).toEqual(first.filter((i) => i < 100));
  });

  it('fails every time on a status directive', async () => {
    for (let i = 0; i < 3; i++) {
      expect(((await caught(ask('x [[sim:status=502]]'))) as APIError).status).toBe(502);
    }
  });

  it('hangs until the client gives up, then frees the request', async () => {
    const err = await caught(
      client.chat.completions.create({ model: 'sim-small', messages: user('[[sim:hang]] wait') }, { timeout: 150 }),
    );
    expect(err).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    sim.setKnobs({ hangRate: 1 });
    expect(await caught(client.chat.completions.create({ model: 'sim-small', messages: user('hi') }, { timeout: 100 }))).toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
    await waitFor(() => sim.stats().inFlight === 0);
    expect(sim.stats().byStatus).toEqual({ '499': 2 });
  });

  it('applies latency', async () => {
    sim.setKnobs({ latencyMs: 80 });
    const started = performance.now();
    await Promise.all([ask('a'), ask('b'), ask('c')]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(sim.stats().maxInFlight).toBe(3);
  });
});

describe('stats and control', () => {
  it('counts duplicates and logs experiment tags', async () => {
    const before = Date.now();
    const tagged = { headers: { 'x-experiment-id': 'exp-7' } };
    await client.chat.completions.create({ model: 'sim-small', messages: user('same') }, tagged);
    await client.chat.completions.create({ model: 'sim-small', messages: user('same') }, tagged);
    await ask('other');
    const stats = sim.stats();
    expect(stats).toMatchObject({ requests: 3, byStatus: { '200': 3 }, distinctSuccesses: 2, duplicateSuccesses: 1, inFlight: 0 });
    expect(stats.requestLog.map((e) => e.experimentTag)).toEqual(['exp-7', 'exp-7', null]);
    expect(stats.requestLog[0].promptHash).toBe(stats.requestLog[1].promptHash);
    expect(stats.requestLog[2].promptHash).not.toBe(stats.requestLog[0].promptHash);
    expect(stats.requestLog.every((e) => e.at >= before && e.status === 200)).toBe(true);
  });

  it('exposes stats, knobs and reset over HTTP', async () => {
    await ask('one');
    const stats = await (await fetch(`${root()}/_sim/stats`)).json();
    expect(stats.requests).toBe(1);
    const knobs = await (await postJson('/_sim/knobs', { latencyMs: 5, errorRate: 0.5 })).json();
    expect(knobs).toMatchObject({ latencyMs: 5, errorRate: 0.5, requestsPerMinute: 0 });
    expect(sim.knobs().errorRate).toBe(0.5);
    expect((await postJson('/_sim/knobs', { latncyMs: 5 })).status).toBe(400);
    expect((await postJson('/_sim/knobs', { errorRate: 2 })).status).toBe(400);
    expect((await postJson('/_sim/reset', {})).status).toBe(200);
    expect(sim.stats()).toMatchObject({ requests: 0, byStatus: {}, requestLog: [] });
    expect(await (await fetch(`${root()}/health`)).text()).toBe('ok');
  });

  it('closes promptly with a request hanging', async () => {
    const other = await startSimulator({ hangRate: 1 });
    const c = new OpenAI({ baseURL: other.url, apiKey: 'x', maxRetries: 0 });
    const pending = caught(ask('hi', c));
    await waitFor(() => other.stats().inFlight === 1);
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  // No time limit here (a busy machine would fail it); bench/ measures throughput.
  it('serves a thousand requests from 20 concurrent clients with exact stats', async () => {
    let next = 0;
    const worker = async () => {
      while (next < 1000) await ask(`load ${next++}`);
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    expect(sim.stats()).toMatchObject({ distinctSuccesses: 1000, duplicateSuccesses: 0 });
  });
});
