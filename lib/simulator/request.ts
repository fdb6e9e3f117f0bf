// Validation of POST /v1/chat/completions bodies, with OpenAI-style error details so clients
// exercise the same error handling they would against the real API.

import type { ChatMessage, ResponseFormat } from './reply';

export type ChatRequest = {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  responseFormat: ResponseFormat | null;
  maxTokens: number | null;
};

export type RequestError = { message: string; param: string | null; code: string | null };
export type Parsed = { ok: true; request: ChatRequest } | { ok: false; error: RequestError };

const fail = (message: string, param: string | null, code: string | null): Parsed => ({
  ok: false,
  error: { message, param, code },
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

export function parseChatRequest(body: unknown): Parsed {
  if (!isObject(body)) {
    return fail('We could not parse the JSON body of your request.', null, null);
  }
  const { model, messages, stream, stream_options, response_format } = body;
  if (model === undefined) {
    return fail("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  }
  if (typeof model !== 'string' || model === '') {
    return fail("Invalid type for 'model': expected a non-empty string.", 'model', 'invalid_type');
  }
  if (messages === undefined) {
    return fail("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  if (!Array.isArray(messages)) {
    return fail("Invalid type for 'messages': expected an array.", 'messages', 'invalid_type');
  }
  if (messages.length === 0) {
    return fail("Invalid 'messages': empty array. Expected at least 1 message.", 'messages', 'empty_array');
  }
  for (const [i, m] of messages.entries()) {
    const content = isObject(m) ? m.content : undefined;
    const contentOk =
      content === undefined || content === null || typeof content === 'string' || Array.isArray(content);
    if (!isObject(m) || typeof m.role !== 'string' || !contentOk) {
      return fail(`Invalid message at 'messages[${i}]'.`, `messages[${i}]`, 'invalid_value');
    }
  }
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    return fail("Invalid type for 'stream': expected a boolean.", 'stream', 'invalid_type');
  }
  const formatTypes = ['text', 'json_object', 'json_schema'];
  if (
    response_format != null &&
    (!isObject(response_format) || !formatTypes.includes(response_format.type as string))
  ) {
    return fail("Invalid 'response_format'.", 'response_format', 'invalid_value');
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  return {
    ok: true,
    request: {
      model,
      messages: messages as ChatMessage[],
      stream: stream === true,
      includeUsage: isObject(stream_options) && stream_options.include_usage === true,
      responseFormat: (response_format as ResponseFormat | undefined) ?? null,
      maxTokens: typeof maxTokens === 'number' ? maxTokens : null,
    },
  };
}
