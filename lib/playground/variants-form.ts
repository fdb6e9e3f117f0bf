import type { ChatMessage } from '../prompts/template';
import type { ExperimentConfig, VariantSpec } from '../experiments/config';
import { experimentVariants, variantGrid } from '../experiments/variants';
import { LIMITS } from '../limits';
import { parseOptionalNumber, type FieldErrors } from './evaluator-form';

/**
 * The "Variants" part of a form as pure data: the prompts, models and parameter sets picked
 * besides the form's own, the grid they make, the names of its variants, and the errors of each
 * row. Shared by the playground and the dataset page's experiment form.
 */

type Template = ExperimentConfig['template'];
type Params = ExperimentConfig['params'];

/** Another prompt to run: a saved prompt version, or one an earlier experiment ran (no promptId). */
export interface PromptChoice { key: string; label: string; messages: ChatMessage[]; promptId?: string; version?: number }
export interface ModelRow { key: string; providerConnectionId: string; model: string }
export interface ParamSetRow { key: string; temperature: string; topP: string; maxTokens: string }

export interface VariantsDraft {
  /** Prompts besides the one in the editor. */
  prompts: PromptChoice[];
  /** Provider + model rows besides the form's own. */
  models: ModelRow[];
  /** Parameter sets besides the form's own; an empty field keeps the form's value. */
  paramSets: ParamSetRow[];
  /** Names given to variants, by cell key (see `variantCells`); unset or blank = the automatic name. */
  names: Record<string, string>;
}

export const noVariants = (): VariantsDraft => ({ prompts: [], models: [], paramSets: [], names: {} });

/** What the form itself sets: variant 0, and what every other variant starts from. */
export interface VariantBase { template: Template; providerConnectionId: string; model: string; params: Params }

/** One combination of the grid: its variant number and which row of each list it takes (0 = the form's own). */
export interface VariantCell { index: number; key: string; prompt: number; model: number; paramSet: number }

const MAIN = { prompt: 'prompt', model: 'model', paramSet: 'params' } as const;

/** Every combination, in `variantGrid`'s order (prompts, then models, then parameter sets), so indexes match the server's. */
export function variantCells(v: VariantsDraft): VariantCell[] {
  const prompts = [MAIN.prompt, ...v.prompts.map((p) => p.key)];
  const models = [MAIN.model, ...v.models.map((m) => m.key)];
  const sets = [MAIN.paramSet, ...v.paramSets.map((s) => s.key)];
  const cells: VariantCell[] = [];
  prompts.forEach((p, prompt) => models.forEach((m, model) => sets.forEach((s, paramSet) => {
    cells.push({ index: cells.length, key: `${p}/${m}/${s}`, prompt, model, paramSet });
  })));
  return cells;
}

export const variantCount = (v: VariantsDraft) => (1 + v.prompts.length) * (1 + v.models.length) * (1 + v.paramSets.length);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 prompts x 3 models = 6 variants" (parameter sets only when there are several). */
export function variantCountLine(v: VariantsDraft): string {
  const factors = [plural(1 + v.prompts.length, 'prompt', 'prompts'), plural(1 + v.models.length, 'model', 'models')];
  if (v.paramSets.length) factors.push(plural(1 + v.paramSets.length, 'parameter set', 'parameter sets'));
  return `${factors.join(' x ')} = ${plural(variantCount(v), 'variant', 'variants')}`;
}

export const overLimitMessage = (v: VariantsDraft) => `${variantCountLine(v)}: an experiment has at most ${LIMITS.variants} variants`;

const PARAM_FIELDS = ['temperature', 'topP', 'maxTokens'] as const;
type ParamField = (typeof PARAM_FIELDS)[number];

/** The same ranges and messages as the form's own parameters. */
const PARAM_CHECKS: Record<ParamField, { ok: (n: number) => boolean; message: string }> = {
  temperature: { ok: (n) => n >= 0 && n <= 2, message: 'Between 0 and 2' },
  topP: { ok: (n) => n >= 0 && n <= 1, message: 'Between 0 and 1' },
  maxTokens: { ok: (n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000, message: 'A whole number from 1 to 1,000,000' },
};

/** Error keys of the rows: 1-based among all rows, as row 0 is the form's own (`config.model` …). */
export const modelRowKey = (row: number, field: 'providerConnectionId' | 'model') => `variants.models.${row}.${field}`;
export const paramSetKey = (row: number, field: ParamField) => `variants.paramSets.${row}.${field}`;
export const promptRowKey = (row: number) => `variants.prompts.${row}`;
/** A variant's name: the server's own path, since the grid's indexes are the server's. */
export const variantNameKey = (index: number) => `config.variants.${index}.name`;
export const VARIANTS_KEY = 'config.variants';

/** A parameter set row as params (only the fields set), with its errors. */
export function paramSetParams(row: ParamSetRow, rowIndex: number, errors: FieldErrors): Params {
  const params: Params = {};
  for (const field of PARAM_FIELDS) {
    const r = parseOptionalNumber(row[field]);
    if (!r.ok || (r.value !== undefined && !PARAM_CHECKS[field].ok(r.value))) errors[paramSetKey(rowIndex, field)] = PARAM_CHECKS[field].message;
    else if (r.value !== undefined) params[field] = r.value;
  }
  return params;
}

const promptTemplate = (p: PromptChoice): Template => ({
  messages: p.messages, ...(p.promptId && p.version !== undefined ? { promptId: p.promptId, promptVersion: p.version } : {}),
});

/** The grid as variant specs, unnamed; the same rows whatever errors they have (for names and estimates). */
function gridSpecs(v: VariantsDraft, base: VariantBase, errors: FieldErrors): VariantSpec[] {
  return variantGrid({
    templates: [base.template, ...v.prompts.map(promptTemplate)],
    models: [
      { providerConnectionId: base.providerConnectionId, model: base.model.trim() },
      ...v.models.map((m) => ({ providerConnectionId: m.providerConnectionId, model: m.model.trim() })),
    ],
    paramSets: [{}, ...v.paramSets.map((s, i) => paramSetParams(s, i + 1, errors))],
  });
}

const asConfig = (base: VariantBase, variants: VariantSpec[]) => ({ ...base, variants }) as ExperimentConfig;

export interface VariantPreview { index: number; key: string; name: string; automatic: string; given: string }

/** Each variant's name as the experiment will show it, and the automatic one a rename replaces; [] past the limit. */
export function variantPreviews(v: VariantsDraft, base: VariantBase): VariantPreview[] {
  if (variantCount(v) > LIMITS.variants) return [];
  const specs = gridSpecs(v, base, {});
  const automatic = experimentVariants(asConfig(base, specs));
  const cells = variantCells(v);
  return automatic.map((a, i) => {
    const given = v.names[cells[i].key] ?? '';
    return { index: i, key: cells[i].key, name: given.trim() || a.name, automatic: a.name, given };
  });
}

export type VariantsResult = { variants: VariantSpec[] | undefined; errors: FieldErrors };

/**
 * The draft's variants for the config, with the errors of its rows: undefined while there is one
 * variant (a plain config), `variantGrid`'s cross product with the given names otherwise.
 */
export function variantsFromDraft(v: VariantsDraft, base: VariantBase): VariantsResult {
  const errors: FieldErrors = {};
  v.models.forEach((m, i) => {
    if (!m.providerConnectionId) errors[modelRowKey(i + 1, 'providerConnectionId')] = 'Choose a provider connection';
    if (!m.model.trim()) errors[modelRowKey(i + 1, 'model')] = 'Choose a model';
  });
  if (variantCount(v) > LIMITS.variants) {
    v.paramSets.forEach((s, i) => paramSetParams(s, i + 1, errors));
    return { variants: undefined, errors: { ...errors, [VARIANTS_KEY]: overLimitMessage(v) } };
  }
  const specs = gridSpecs(v, base, errors);
  if (specs.length === 1) return { variants: undefined, errors };

  const cells = variantCells(v);
  const named = specs.map((spec, i) => {
    const name = v.names[cells[i].key]?.trim();
    if (name && name.length > 100) errors[variantNameKey(i)] = 'At most 100 characters';
    return name ? { ...spec, name } : spec;
  });
  const seen = new Set<string>();
  for (const r of experimentVariants(asConfig(base, named))) {
    if (seen.has(r.name)) errors[variantNameKey(r.index)] ??= `Two variants are named "${r.name}"`;
    seen.add(r.name);
  }
  return { variants: named, errors };
}

/**
 * Where a form shows an error in its own prompt: `message(i)` for the i-th message it sent (the
 * forms leave out an empty first system message, so the two counts can differ), `prompt` for the
 * prompt as a whole.
 */
export interface PromptErrorKeys { prompt: string; message: (sent: number) => string }

export function promptErrorKeys(prompt: string, droppedFirst: boolean): PromptErrorKeys {
  return { prompt, message: (sent) => `messages.${sent + (droppedFirst ? 1 : 0)}` };
}

/** `messages.2.content` (a path inside the form's own template) as the form's key. */
function ownPromptKey(keys: PromptErrorKeys, path: string[]): string {
  const [list, index] = path;
  return list === 'messages' && index !== undefined && /^\d+$/.test(index) ? keys.message(Number(index)) : keys.prompt;
}

/**
 * A server error as the key of the input that set it: one in the experiment's template
 * (`config.template.messages.1`) marks that message; one on a variant (`config.variants.3.model`)
 * the model row, parameter set or prompt that variant 3 took, or the form's own field for row 0.
 */
export function variantErrorKey(serverKey: string, v: VariantsDraft, prompt: PromptErrorKeys): string {
  const path = serverKey.split('.');
  const [head, list, index, ...rest] = path;
  if (head === 'config' && list === 'template') return ownPromptKey(prompt, path.slice(2));
  if (head !== 'config' || list !== 'variants' || index === undefined) return serverKey;
  const cell = variantCells(v)[Number(index)];
  if (!cell) return VARIANTS_KEY;
  const [field, sub] = rest;
  if (field === 'name') return variantNameKey(cell.index);
  if (field === 'model' || field === 'providerConnectionId') return cell.model === 0 ? `config.${field}` : modelRowKey(cell.model, field);
  if (field === 'params' && (PARAM_FIELDS as readonly string[]).includes(sub)) {
    return cell.paramSet === 0 ? `config.params.${sub}` : paramSetKey(cell.paramSet, sub as ParamField);
  }
  if (field === 'template') return cell.prompt === 0 ? ownPromptKey(prompt, rest.slice(1)) : promptRowKey(cell.prompt);
  return VARIANTS_KEY;
}

const paramsKey = (p: Params) => JSON.stringify([p.temperature, p.topP, p.maxTokens]);
const modelKeyOf = (v: { providerConnectionId: string; model: string }) => `${v.providerConnectionId}\u0000${v.model}`;
const str = (n: number | undefined) => (n === undefined ? '' : String(n));

/**
 * An experiment's variants back as rows (`?from=`): its distinct prompts, models and parameter
 * sets after variant 0's, and the names it gave. A grid comes back as it was; any other list comes
 * back as the grid of its parts.
 */
export function variantsDraftFromConfig(config: ExperimentConfig): VariantsDraft {
  if (!config.variants?.length) return noVariants();
  const resolved = experimentVariants(config);
  const [first] = resolved;
  const prompts = new Map<string, PromptChoice>([[JSON.stringify(first.template.messages), { key: MAIN.prompt, label: '', messages: first.template.messages }]]);
  const models = new Map<string, ModelRow>([[modelKeyOf(first), { key: MAIN.model, providerConnectionId: first.providerConnectionId, model: first.model }]]);
  const sets = new Map<string, ParamSetRow>([[paramsKey(first.params), { key: MAIN.paramSet, temperature: '', topP: '', maxTokens: '' }]]);
  for (const r of resolved) {
    const pk = JSON.stringify(r.template.messages);
    if (!prompts.has(pk)) {
      const n = prompts.size + 1;
      prompts.set(pk, { key: `p${n}`, label: r.template.promptId ? `Prompt ${n} (saved v${r.template.promptVersion})` : `Prompt ${n}`, messages: r.template.messages, promptId: r.template.promptId, version: r.template.promptVersion });
    }
    if (!models.has(modelKeyOf(r))) models.set(modelKeyOf(r), { key: `m${models.size + 1}`, providerConnectionId: r.providerConnectionId, model: r.model });
    const sk = paramsKey(r.params);
    if (!sets.has(sk)) sets.set(sk, { key: `s${sets.size + 1}`, temperature: str(r.params.temperature), topP: str(r.params.topP), maxTokens: str(r.params.maxTokens) });
  }
  const names: Record<string, string> = {};
  config.variants.forEach((spec, i) => {
    if (!spec.name) return;
    const r = resolved[i];
    names[`${prompts.get(JSON.stringify(r.template.messages))!.key}/${models.get(modelKeyOf(r))!.key}/${sets.get(paramsKey(r.params))!.key}`] = spec.name;
  });
  return { prompts: [...prompts.values()].slice(1), models: [...models.values()].slice(1), paramSets: [...sets.values()].slice(1), names };
}

/** A key for a new row that no row of the list has. */
export function nextRowKey(prefix: string, taken: { key: string }[]): string {
  const keys = new Set(taken.map((r) => r.key));
  let n = 2;
  while (keys.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** The draft with only the names of combinations it still has: a removed row takes its variants' names along. */
export function pruneNames(v: VariantsDraft): VariantsDraft {
  const keys = new Set(variantCells(v).map((c) => c.key));
  return { ...v, names: Object.fromEntries(Object.entries(v.names).filter(([k]) => keys.has(k))) };
}

/** A parameter set in a few words: "t=0.7 · max_tokens=64", or the provider's defaults. */
export function describeParams(p: Params): string {
  const parts = [
    p.temperature !== undefined && `t=${p.temperature}`,
    p.topP !== undefined && `top_p=${p.topP}`,
    p.maxTokens !== undefined && `max_tokens=${p.maxTokens}`,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'the provider’s defaults';
}
