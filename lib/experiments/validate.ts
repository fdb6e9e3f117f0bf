import type { DbOrTx } from '../db/client';
import { getDataset, hasItemsAt, variablesNoItemProvides } from '../datasets/items';
import { getProviderCredentials } from '../providers/connections';
import { extractVariables, templateProblems } from '../prompts/template';
import { jsonSchemaProblem } from '../llm/json-schema';
import { validateEvaluatorConfig } from '../evaluators/code-evaluators';
import type { ExperimentConfig } from './config';
import { experimentVariants, variantProblems } from './variants';
import { isJudge, type EvaluatorConfig } from '../evaluators/types';
import { loadModelPrices, priceKey } from '../costs/prices';
import { pricedModels } from '../costs/charge';

export interface ValidationResult {
  problems: string[];
  /** The create form's fields some problems belong to (e.g. `datasetId`). */
  fieldErrors: Record<string, string>;
}

/**
 * Every provider connection the experiment calls (each variant's and each LLM judge's) must exist
 * and be usable: checked at creation, when evaluators are added, and again when a worker claims it.
 */
export async function providerProblems(db: DbOrTx, taskProviderIds: readonly string[], evaluators: EvaluatorConfig[]): Promise<string[]> {
  const refs: { id: string; what: string }[] = [];
  for (const id of new Set(taskProviderIds)) refs.push({ id, what: taskProviderIds.length > 1 ? `The provider connection ${id}` : 'The provider connection' });
  for (const ev of evaluators) if (isJudge(ev)) refs.push({ id: ev.providerConnectionId, what: `Evaluator "${ev.name}": its provider connection` });
  const problems: string[] = [];
  for (const ref of refs) {
    try {
      if (!(await getProviderCredentials(db, ref.id))) problems.push(`${ref.what} does not exist (it may have been deleted)`);
    } catch (err) {
      problems.push(`${ref.what} cannot be used: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return problems;
}

/**
 * Checks an experiment's configuration against the database as it is now. Run at creation and
 * again by the worker, because a provider or dataset may have gone away in between. Nothing here
 * reads every item: creation must return at once for a dataset of any size. How many items run
 * and how many are set aside for a missing variable is counted by the worker when it plans
 * (setPlan). `latest`: the version is "now" (no version was chosen), which words an empty dataset.
 */
export async function validateExperiment(db: DbOrTx, p: { datasetId: string; version: Date; config: ExperimentConfig; latest?: boolean }): Promise<ValidationResult> {
  const { config } = p;
  const variants = experimentVariants(config);
  // Problems of a variant name it when there are several.
  const of = (v: { name: string }) => (variants.length > 1 ? `Variant "${v.name}": ` : '');
  const problems: string[] = [...variantProblems(config)];
  for (const v of variants) problems.push(...templateProblems(v.template.messages).map((m) => of(v) + m));
  const fieldErrors: Record<string, string> = {};
  const dataset = await getDataset(db, p.datasetId);
  if (!dataset) return { problems: ['The dataset no longer exists'], fieldErrors: { datasetId: 'The dataset no longer exists' } };

  // An experiment over no items would end at once having run nothing.
  const hasItems = await hasItemsAt(db, p.datasetId, p.version);
  if (!hasItems) {
    problems.push(`Dataset "${dataset.name}" has no items ${p.latest ? 'yet' : 'at the chosen version'}: upload or add items before running an experiment on it`);
    fieldErrors.datasetId = p.latest ? 'This dataset has no items yet: upload some first' : 'The dataset had no items at this version';
  }

  problems.push(...await providerProblems(db, [...new Set(variants.map((v) => v.providerConnectionId))], config.evaluators));

  if (config.responseSchema) {
    const problem = jsonSchemaProblem(config.responseSchema);
    if (problem) problems.push(problem);
  }
  const names = new Set<string>();
  for (const ev of config.evaluators) {
    if (names.has(ev.name)) problems.push(`Two evaluators are named "${ev.name}"`);
    names.add(ev.name);
    problems.push(...validateEvaluatorConfig(ev).map((m) => `Evaluator "${ev.name}": ${m}`));
  }

  if (config.budgetUsd) problems.push(...await budgetProblems(db, config));

  if (hasItems) {
    for (const v of variants) {
      const missing = await variablesNoItemProvides(db, p.datasetId, p.version, extractVariables(v.template.messages));
      for (const name of missing) {
        const problem = `${of(v)}Unknown variable {{${name}}}: no item of the dataset provides it`;
        problems.push(problem);
        // The first message using it, where the form puts the refusal.
        const message = v.template.messages.findIndex((m) => extractVariables([m]).includes(name));
        fieldErrors[`${templatePath(config, v.index)}.messages.${message}`] ??= problem;
      }
    }
  }
  return { problems, fieldErrors };
}

/** Where variant `index` reads its template: its own, or the experiment's (as a field-error key). */
function templatePath(config: ExperimentConfig, index: number): string {
  return config.variants?.[index]?.template ? `config.variants.${index}.template` : 'config.template';
}

/** A budget cap can only be kept with a price for every model the experiment calls. */
export async function budgetProblems(db: DbOrTx, config: ExperimentConfig): Promise<string[]> {
  const models = pricedModels(config);
  const prices = await loadModelPrices(db, models);
  return models.filter((m) => !prices.get(priceKey(m.providerConnectionId, m.model)))
    .map((m) => `A budget cap needs a price for model "${m.model}": set one in Settings → Providers, or remove the cap`);
}
