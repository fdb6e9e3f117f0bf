import type { ExperimentConfig, VariantSpec } from './config';
import { LIMITS } from '../limits';

type Template = ExperimentConfig['template'];
type Params = ExperimentConfig['params'];

/** One variant with nothing left to inherit: what its calls send and where. */
export interface ResolvedVariant {
  /** Its number in the experiment (experiment_runs.variant); 0 is the first and the default baseline. */
  index: number;
  name: string;
  template: Template;
  providerConnectionId: string;
  model: string;
  params: Params;
}

/**
 * The variants an experiment runs, in order: each listed variant's own settings over the
 * experiment's (parameters merged), or the experiment itself as variant 0 when none are listed.
 * Unnamed variants are named for what sets them apart (model, prompt, parameters).
 */
export function experimentVariants(config: ExperimentConfig): ResolvedVariant[] {
  const specs: VariantSpec[] = config.variants?.length ? config.variants : [{}];
  const resolved = specs.map((v, index) => ({
    index,
    given: v.name,
    template: v.template ?? config.template,
    providerConnectionId: v.providerConnectionId ?? config.providerConnectionId,
    model: v.model ?? config.model,
    params: { ...config.params, ...v.params },
  }));
  const names = autoNames(resolved);
  return resolved.map(({ given, ...v }, i) => ({ ...v, name: given ?? names[i] }));
}

/** The experiment's config as one variant sees it: what builds its requests, cache keys and estimates. */
export function variantConfig(config: ExperimentConfig, v: ResolvedVariant): ExperimentConfig {
  return { ...config, template: v.template, providerConnectionId: v.providerConnectionId, model: v.model, params: v.params, variants: undefined };
}

/** Problems a variant list has on its own (no database): duplicate names. */
export function variantProblems(config: ExperimentConfig): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const v of experimentVariants(config)) {
    if (seen.has(v.name)) problems.push(`Two variants are named "${v.name}"`);
    seen.add(v.name);
  }
  return problems;
}

export interface VariantGrid {
  templates: Template[];
  models: { providerConnectionId: string; model: string }[];
  paramSets?: Params[];
}

/** Every combination of prompts x models (x parameter sets), as a variant list; refuses more than the limit. */
export function variantGrid(grid: VariantGrid): VariantSpec[] {
  const paramSets = grid.paramSets?.length ? grid.paramSets : [{}];
  const count = grid.templates.length * grid.models.length * paramSets.length;
  if (count > LIMITS.variants) {
    throw new Error(`${grid.templates.length} prompt(s) x ${grid.models.length} model(s) x ${paramSets.length} parameter set(s) is ${count} variants; an experiment has at most ${LIMITS.variants}`);
  }
  const out: VariantSpec[] = [];
  for (const template of grid.templates) {
    for (const m of grid.models) {
      for (const params of paramSets) out.push({ template, providerConnectionId: m.providerConnectionId, model: m.model, params });
    }
  }
  return out;
}

interface Unnamed { index: number; template: Template; providerConnectionId: string; model: string; params: Params }

function autoNames(vs: Unnamed[]): string[] {
  if (vs.length === 1) return [vs[0].model];
  const modelKey = (v: Unnamed) => `${v.providerConnectionId}\u0000${v.model}`;
  const modelNames = new Set(vs.map((v) => v.model));
  const models = new Set(vs.map(modelKey));
  const templates = distinct(vs.map((v) => JSON.stringify(v.template.messages)));
  const paramKeys = (['temperature', 'topP', 'maxTokens'] as const).filter((k) => new Set(vs.map((v) => v.params[k])).size > 1);
  const names = vs.map((v) => {
    const parts: string[] = [];
    if (models.size > 1) parts.push(modelNames.size < models.size ? `${v.model} (${v.providerConnectionId.slice(0, 8)})` : v.model);
    if (templates.size > 1) parts.push(`prompt ${templates.get(JSON.stringify(v.template.messages))! + 1}`);
    for (const k of paramKeys) parts.push(`${PARAM_LABEL[k]}=${v.params[k] ?? 'default'}`);
    return parts.length ? parts.join(' · ') : `variant ${v.index + 1}`;
  });
  // Identical variants (allowed: e.g. to measure noise) still get distinct names.
  const counts = new Map<string, number>();
  return names.map((n) => {
    const k = (counts.get(n) ?? 0) + 1;
    counts.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

const PARAM_LABEL = { temperature: 't', topP: 'top_p', maxTokens: 'max_tokens' } as const;

function distinct(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) if (!m.has(k)) m.set(k, m.size);
  return m;
}
