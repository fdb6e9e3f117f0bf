// OpenAI wire shapes for chat completions: the JSON body and the SSE chunk stream.

import type { ServerResponse } from 'node:http';
import type { FinishReason, Usage } from './reply';

export type CompletionParts = {
  id: string;
  model: string;
  content: string;
  finishReason: FinishReason;
  usage: Usage;
};

export const MODELS = ['sim-small', 'sim-large', 'sim-judge'];
// Fixed so that the models list is byte-identical between runs.
const MODELS_CREATED = 1_700_000_000;

export function modelList() {
  return {
    object: 'list',
    data: MODELS.map((id) => ({ id, object: 'model', created: MODELS_CREATED, owned_by: 'simulator' })),
  };
}

export function completionBody(p: CompletionParts) {
  return {
    id: p.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: p.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: p.content, refusal: null },
        logprobs: null,
        finish_reason: p.finishReason,
      },
    ],
    usage: p.usage,
  };
}

/** Splits into up to `count` pieces without cutting a surrogate pair. */
export function splitContent(content: string, count = 4): string[] {
  const chars = [...content];
  const size = Math.max(1, Math.ceil(chars.length / count));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces;
}

/**
 * Writes the whole stream at once: the role chunk, a few content chunks, the finish chunk, the
 * usage chunk when asked for (as OpenAI does: empty choices, and usage null on the others), then
 * [DONE].
 */
export function writeStream(res: ServerResponse, p: CompletionParts, includeUsage: boolean): void {
  const created = Math.floor(Date.now() / 1000);
  const usageField = includeUsage ? { usage: null } : {};
  const chunk = (delta: object, finishReason: FinishReason | null) => ({
    id: p.id,
    object: 'chat.completion.chunk',
    created,
    model: p.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...usageField,
  });
  const events: object[] = [chunk({ role: 'assistant', content: '' }, null)];
  for (const piece of splitContent(p.content)) events.push(chunk({ content: piece }, null));
  events.push(chunk({}, p.finishReason));
  if (includeUsage) {
    events.push({ id: p.id, object: 'chat.completion.chunk', created, model: p.model, choices: [], usage: p.usage });
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.end(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + 'data: [DONE]\n\n');
}
