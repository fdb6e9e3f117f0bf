import type { ApiClient } from './api-client';
import type { RunOptions } from './args';
import { UsageError } from './exit-codes';
import { readFlagFile, readFlagJson } from './files';
import { datasetId, providerId } from './resolve';

/** The body of POST /api/experiments; the API validates it, this only assembles it. */
export interface CreateBody {
  datasetId: string;
  name: string;
  description?: string;
  config: Record<string, unknown>;
  [field: string]: unknown;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The create request from a config file (a whole create body, or only its `config`) with the
 * flags laid over it, or from the flags alone (--provider, --model and --prompt-file).
 */
export async function createBody(api: ApiClient, run: RunOptions, now = new Date()): Promise<CreateBody> {
  const { body, config } = await fromConfigFile(run.configFile);
  if (!run.configFile) {
    const missing = [['--provider', run.provider], ['--model', run.model], ['--prompt-file', run.promptFile]]
      .filter(([, v]) => v === undefined).map(([flag]) => flag);
    if (missing.length) throw new UsageError(`run needs --config <file.json>, or --provider, --model and --prompt-file (missing ${missing.join(', ')})`);
  }

  const dataset = run.dataset ?? (typeof body.datasetId === 'string' ? body.datasetId : undefined);
  if (!dataset) throw new UsageError('run needs --dataset <id|name> (or "datasetId" in the config file)');

  if (run.provider !== undefined) config.providerConnectionId = await providerId(api, run.provider);
  if (run.model !== undefined) config.model = run.model;
  if (run.promptFile !== undefined) config.template = { messages: await promptMessages(run.promptFile) };
  if (run.evaluatorsFile !== undefined) config.evaluators = await evaluators(run.evaluatorsFile);
  if (run.repetitions !== undefined) config.repetitions = run.repetitions;
  if (run.temperature !== undefined || run.maxTokens !== undefined) {
    config.params = {
      ...(isObject(config.params) ? config.params : {}),
      ...(run.temperature === undefined ? {} : { temperature: run.temperature }),
      ...(run.maxTokens === undefined ? {} : { maxTokens: run.maxTokens }),
    };
  }

  return {
    ...body,
    datasetId: await datasetId(api, dataset),
    name: run.name ?? (typeof body.name === 'string' ? body.name : `cli ${now.toISOString()}`),
    ...(run.description === undefined ? {} : { description: run.description }),
    config,
  };
}

/** The evaluator names a create body configures (what --min may name). */
export function evaluatorNames(body: CreateBody): string[] {
  const list = Array.isArray(body.config.evaluators) ? body.config.evaluators : [];
  return list.flatMap((e) => (isObject(e) && typeof e.name === 'string' ? [e.name.trim()] : []));
}

async function fromConfigFile(file: string | undefined): Promise<{ body: Json; config: Json }> {
  if (file === undefined) return { body: {}, config: {} };
  const json = await readFlagJson('--config', file);
  if (!isObject(json)) throw new UsageError(`--config ${file} must hold a JSON object: a create body or an experiment config`);
  if ('config' in json) {
    if (!isObject(json.config)) throw new UsageError(`--config ${file}: "config" must be an object`);
    return { body: json, config: { ...json.config } };
  }
  return { body: {}, config: json };
}

/** A .json file is a list of messages (or { messages }); any other file is one user message. */
async function promptMessages(file: string): Promise<unknown[]> {
  if (file.toLowerCase().endsWith('.json')) {
    const json = await readFlagJson('--prompt-file', file);
    const messages = isObject(json) ? json.messages : json;
    if (!Array.isArray(messages)) throw new UsageError(`--prompt-file ${file} must hold a list of { "role", "content" } messages (or { "messages": [...] })`);
    return messages;
  }
  const text = (await readFlagFile('--prompt-file', file)).trimEnd();
  if (!text.trim()) throw new UsageError(`--prompt-file ${file} is empty`);
  return [{ role: 'user', content: text }];
}

async function evaluators(file: string): Promise<unknown[]> {
  const json = await readFlagJson('--evaluators', file);
  const list = isObject(json) ? json.evaluators : json;
  if (!Array.isArray(list)) throw new UsageError(`--evaluators ${file} must hold a list of evaluator configs (or { "evaluators": [...] })`);
  return list;
}
