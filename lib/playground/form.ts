import type { ChatMessage } from '../prompts/template';
import type { CreateExperimentInput, ExperimentConfig } from '../experiments/config';
import { budgetConfigFields, parseBudgetText, type CallCacheMode } from '../experiments/budget-form';
import { evaluatorDraftFromConfig, evaluatorDraftToConfig, parseJsonObject, parseOptionalNumber, type EvaluatorDraft, type FieldErrors } from './evaluator-form';
import { experimentVariants } from '../experiments/variants';
import { noVariants, promptErrorKeys, variantErrorKey, variantsDraftFromConfig, variantsFromDraft, type VariantBase, type VariantsDraft } from './variants-form';

/**
 * The playground form as pure data (no React): its state, how it turns into the experiment the
 * server creates, and how an existing experiment turns back into it (`?from=`).
 */
export type Role = ChatMessage['role'];
export interface MessageDraft { key: string; role: Role; content: string }
/** latest: the dataset as it is at Run; original: the version `?from=` ran on; at: a chosen time. */
export type VersionMode = 'latest' | 'original' | 'at';

export interface PlaygroundDraft {
  /** messages[0] is always the system message (empty = none); then user and assistant turns. */
  messages: MessageDraft[];
  providerConnectionId: string;
  model: string;
  temperature: string;
  maxTokens: string;
  topP: string;
  responseSchema: string;
  datasetId: string;
  versionMode: VersionMode;
  /** A datetime-local value (local time, no zone), used when versionMode is 'at'. */
  versionAt: string;
  /** ISO time of the `?from=` experiment's dataset version. */
  originalVersion: string | null;
  repetitions: string;
  maxConcurrency: string;
  evaluators: EvaluatorDraft[];
  record: boolean;
  /** The budget cap in dollars as typed (empty: no cap). */
  budgetUsd: string;
  cache: CallCacheMode;
  /** The saved prompt version the messages came from; recorded with the run while they are unchanged. */
  promptRef: { promptId: string; version: number; messages: ChatMessage[] } | null;
  /** More prompts, models and parameter sets: the experiment runs every combination. */
  variants: VariantsDraft;
}

export const DEFAULT_MODEL = 'sim-small';

export function blankDraft(p: { providerConnectionId: string; datasetId: string; messages: ChatMessage[]; model?: string }): PlaygroundDraft {
  return {
    messages: normaliseMessages(p.messages),
    providerConnectionId: p.providerConnectionId, model: p.model ?? DEFAULT_MODEL,
    temperature: '', maxTokens: '', topP: '', responseSchema: '',
    datasetId: p.datasetId, versionMode: 'latest', versionAt: '', originalVersion: null,
    repetitions: '1', maxConcurrency: '', evaluators: [], record: true, budgetUsd: '', cache: 'auto', promptRef: null,
    variants: noVariants(),
  };
}

/** Messages with a (possibly empty) system message first; keys are positional, so stable across server and client renders. */
export function normaliseMessages(messages: ChatMessage[]): MessageDraft[] {
  const list: ChatMessage[] = messages[0]?.role === 'system' ? [...messages] : [{ role: 'system', content: '' }, ...messages];
  if (!list.slice(1).some((m) => m.role === 'user')) list.push({ role: 'user', content: '' });
  return list.map((m, i) => ({ key: `m${i}`, role: m.role, content: m.content }));
}

const roleName: Record<Role, string> = { system: 'System', user: 'User', assistant: 'Assistant' };

/** "System message", "User message", "Assistant message", "User message 2", …: unique labels for getByLabel and screen readers. */
export function messageLabel(messages: Pick<MessageDraft, 'role'>[], index: number): string {
  const role = messages[index].role;
  const nth = messages.slice(0, index + 1).filter((m) => m.role === role).length;
  return `${roleName[role]} message${nth > 1 ? ` ${nth}` : ''}`;
}

/** The role an added turn gets: the other one of user / assistant than the last turn. */
export function nextTurnRole(messages: Pick<MessageDraft, 'role'>[]): Role {
  return messages[messages.length - 1]?.role === 'user' ? 'assistant' : 'user';
}

/** The messages the experiment runs with: an empty system message is left out. */
export function templateMessages(messages: MessageDraft[]): ChatMessage[] {
  return messages.filter((m, i) => !(i === 0 && m.role === 'system' && !m.content.trim())).map((m) => ({ role: m.role, content: m.content }));
}

export const sameMessages = (a: ChatMessage[], b: ChatMessage[]) =>
  a.length === b.length && a.every((m, i) => m.role === b[i].role && m.content === b[i].content);

/** A Date as a datetime-local value in the browser's time zone, to the second. */
export function toDatetimeLocal(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export type BuildResult = { ok: true; input: CreateExperimentInput } | { ok: false; errors: FieldErrors };

/**
 * Validates the form the way the server will (same ranges, same error keys), so mistakes show
 * inline before anything is sent; the server still has the last word.
 */
export function buildCreateInput(d: PlaygroundDraft, p: { name: string; now: Date }): BuildResult {
  const errors: FieldErrors = {};
  const messages = templateMessages(d.messages);
  const firstUser = d.messages.findIndex((m) => m.role === 'user');
  if (firstUser < 0 || !d.messages[firstUser].content.trim()) errors[`messages.${firstUser < 0 ? 1 : firstUser}`] = 'The user message is empty';

  if (!p.name.trim()) errors.name = 'Name is required';
  else if (p.name.trim().length > 200) errors.name = 'At most 200 characters';
  if (!d.datasetId) errors.datasetId = 'Choose a dataset';
  if (!d.providerConnectionId) errors['config.providerConnectionId'] = 'Choose a provider connection';
  if (!d.model.trim()) errors['config.model'] = 'Choose a model';

  const num = (text: string, key: string, check: (n: number) => boolean, message: string) => {
    const r = parseOptionalNumber(text);
    if (!r.ok || (r.value !== undefined && !check(r.value))) { errors[key] = message; return undefined; }
    return r.value;
  };
  const temperature = num(d.temperature, 'config.params.temperature', (n) => n >= 0 && n <= 2, 'Between 0 and 2');
  const maxTokens = num(d.maxTokens, 'config.params.maxTokens', (n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000, 'A whole number from 1 to 1,000,000');
  const topP = num(d.topP, 'config.params.topP', (n) => n >= 0 && n <= 1, 'Between 0 and 1');
  const repetitions = d.repetitions.trim() === ''
    ? (errors['config.repetitions'] = 'A whole number from 1 to 100', undefined)
    : num(d.repetitions, 'config.repetitions', (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'A whole number from 1 to 100');
  const maxConcurrency = num(d.maxConcurrency, 'config.maxConcurrency', (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'A whole number from 1 to 100, or empty');

  const budget = parseBudgetText(d.budgetUsd);
  if (!budget.ok) errors['config.budgetUsd'] = budget.error;

  let responseSchema: Record<string, unknown> | null = null;
  if (d.responseSchema.trim()) {
    const parsed = parseJsonObject(d.responseSchema);
    if (parsed.ok) responseSchema = parsed.value;
    else errors['config.responseSchema'] = parsed.error;
  }

  let datasetVersion: string | undefined;
  if (d.versionMode === 'original') {
    if (d.originalVersion) datasetVersion = d.originalVersion;
    else errors.datasetVersion = 'The original version is unknown: choose Latest or a time';
  } else if (d.versionMode === 'at') {
    const at = d.versionAt ? new Date(d.versionAt) : null;
    if (!at || Number.isNaN(at.getTime())) errors.datasetVersion = 'Choose a date and time';
    else if (at.getTime() > p.now.getTime()) errors.datasetVersion = 'A version cannot be in the future';
    else datasetVersion = at.toISOString();
  }

  const evaluators = [];
  const names = new Set<string>();
  for (const [i, ev] of d.evaluators.entries()) {
    const prefix = `config.evaluators.${i}`;
    const r = evaluatorDraftToConfig(ev, prefix);
    if (!r.ok) { Object.assign(errors, r.errors); continue; }
    if (names.has(r.config.name)) errors[`${prefix}.name`] = 'Two evaluators have this name';
    names.add(r.config.name);
    evaluators.push(r.config);
  }

  const params = {
    ...(temperature !== undefined ? { temperature } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(topP !== undefined ? { topP } : {}),
  };
  const template = { messages, ...(promptRefFor(d) ?? {}) };
  const variants = variantsFromDraft(d.variants, { template, providerConnectionId: d.providerConnectionId, model: d.model, params });
  Object.assign(errors, variants.errors);

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      datasetId: d.datasetId,
      name: p.name.trim(),
      record: d.record,
      ...(datasetVersion ? { datasetVersion } : {}),
      config: {
        template,
        providerConnectionId: d.providerConnectionId,
        model: d.model.trim(),
        params,
        responseSchema,
        repetitions: repetitions ?? 1,
        maxConcurrency: maxConcurrency ?? null,
        evaluators,
        ...budgetConfigFields(budget.ok ? budget.value : null, d.cache),
        ...(variants.variants ? { variants: variants.variants } : {}),
      },
    },
  };
}

/**
 * What the form sets for variant 0, read leniently (a field still being typed is left out): what
 * the Variants section names its variants from while the form is being filled in.
 */
export function variantBase(d: PlaygroundDraft): VariantBase {
  const num = (text: string) => { const r = parseOptionalNumber(text); return r.ok ? r.value : undefined; };
  const [temperature, maxTokens, topP] = [num(d.temperature), num(d.maxTokens), num(d.topP)];
  return {
    template: { messages: templateMessages(d.messages), ...(promptRefFor(d) ?? {}) },
    providerConnectionId: d.providerConnectionId, model: d.model,
    params: { ...(temperature !== undefined ? { temperature } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}), ...(topP !== undefined ? { topP } : {}) },
  };
}

/** The saved prompt version to record with the run: only while the messages are still that version's. */
export function promptRefFor(d: Pick<PlaygroundDraft, 'messages' | 'promptRef'>): { promptId: string; promptVersion: number } | null {
  if (!d.promptRef) return null;
  const saved = templateMessages(normaliseMessages(d.promptRef.messages));
  return sameMessages(saved, templateMessages(d.messages)) ? { promptId: d.promptRef.promptId, promptVersion: d.promptRef.version } : null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `<model>-<yyyy-mm-dd-hhmmss>` in local time: runs a few seconds apart get different names. */
export function suggestRunName(model: string, at: Date): string {
  const stamp = `${at.getFullYear()}-${pad2(at.getMonth() + 1)}-${pad2(at.getDate())}-${pad2(at.getHours())}${pad2(at.getMinutes())}${pad2(at.getSeconds())}`;
  return `${model.trim() || 'playground'}-${stamp}`;
}

/** The first error key of a result, in form order, to move focus there. */
export function firstErrorKey(errors: FieldErrors, order: string[]): string | undefined {
  return order.find((k) => errors[k]) ?? Object.keys(errors)[0];
}

/**
 * Server field errors use the schema's paths; a few map onto the form's own keys (one in the
 * template onto its message), and a variant's (`config.variants.3.model`) onto the row of the
 * Variants section it came from.
 */
export function fromServerFieldErrors(fieldErrors: FieldErrors | undefined, d: Pick<PlaygroundDraft, 'messages'> & { variants?: VariantsDraft }): FieldErrors {
  const out: FieldErrors = {};
  const prompt = promptErrorKeys(`messages.${Math.max(0, d.messages.findIndex((m) => m.role === 'user'))}`, templateMessages(d.messages).length < d.messages.length);
  for (const [raw, message] of Object.entries(fieldErrors ?? {})) out[variantErrorKey(raw, d.variants ?? noVariants(), prompt)] ??= message;
  return out;
}

/** `?from=<experiment>`: the form as that experiment was configured (its name is not reused). */
export function draftFromExperiment(e: { datasetId: string; datasetVersion: string; record: boolean; config: ExperimentConfig }): PlaygroundDraft {
  const c = e.config;
  // Variant 0 fills the form; the other variants come back as rows of the Variants section.
  const [first] = experimentVariants(c);
  const draft = blankDraft({ providerConnectionId: first.providerConnectionId, datasetId: e.datasetId, messages: first.template.messages, model: first.model });
  const str = (n: number | undefined | null) => (n === undefined || n === null ? '' : String(n));
  return {
    ...draft,
    temperature: str(first.params.temperature), maxTokens: str(first.params.maxTokens), topP: str(first.params.topP),
    responseSchema: c.responseSchema ? JSON.stringify(c.responseSchema, null, 2) : '',
    versionMode: 'latest', originalVersion: e.datasetVersion,
    repetitions: str(c.repetitions ?? 1), maxConcurrency: str(c.maxConcurrency),
    evaluators: (c.evaluators ?? []).map((ev, i) => evaluatorDraftFromConfig(ev, `e${i}`)),
    record: e.record,
    budgetUsd: str(c.budgetUsd), cache: c.cache ?? 'auto',
    promptRef: first.template.promptId && first.template.promptVersion !== undefined
      ? { promptId: first.template.promptId, version: first.template.promptVersion, messages: first.template.messages }
      : null,
    variants: variantsDraftFromConfig(c),
  };
}
