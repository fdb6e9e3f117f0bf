import type { EstimateRequest } from './estimate-schema';
import { MAX_ESTIMATE_JUDGES } from './estimate-schema';
import { templateMessages, type PlaygroundDraft } from '../playground/form';
import { parseJsonObject, parseOptionalNumber } from '../playground/evaluator-form';
import { variantCells, variantCount, type VariantsDraft } from '../playground/variants-form';
import { LIMITS } from '../limits';

const wholeIn = (text: string, min: number, max: number) => {
  const r = parseOptionalNumber(text);
  return r.ok && r.value !== undefined && Number.isInteger(r.value) && r.value >= min && r.value <= max ? r.value : undefined;
};

/**
 * The playground's draft as an estimate request, leniently: a field still being typed (an invalid
 * max tokens, a half-set judge) is left out rather than blocking the estimate; null until there
 * is a dataset, a provider, a model and a user message to estimate.
 */
export function estimateRequestFromDraft(d: PlaygroundDraft, datasetVersion: string | null): EstimateRequest | null {
  const messages = templateMessages(d.messages);
  if (!d.datasetId || !d.providerConnectionId || !d.model.trim() || !messages.some((m) => m.role === 'user' && m.content.trim())) return null;
  const schema = d.responseSchema.trim() ? parseJsonObject(d.responseSchema) : null;
  const judges = d.evaluators
    .filter((e) => e.type === 'llm_judge' && e.providerConnectionId && e.model.trim() && e.judgeTemplate.some((m) => m.content.trim()))
    .slice(0, MAX_ESTIMATE_JUDGES)
    .map((e) => ({
      providerConnectionId: e.providerConnectionId, model: e.model.trim(),
      template: e.judgeTemplate.filter((m) => m.content.trim()).map((m) => ({ role: m.role, content: m.content })),
    }));
  const maxTokens = wholeIn(d.maxTokens, 1, 1_000_000);
  const variants = estimateVariants(d.variants);
  return {
    datasetId: d.datasetId, messages, providerConnectionId: d.providerConnectionId, model: d.model.trim(),
    ...(datasetVersion ? { datasetVersion } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(schema?.ok ? { responseSchema: schema.value } : {}),
    repetitions: wholeIn(d.repetitions, 1, 100) ?? 1,
    judges,
    ...(variants ? { variants } : {}),
  };
}

/**
 * A Variants section's combinations as the estimate's variants, each with only what it changes
 * (prompt, provider and model, max tokens); a model row still being filled in is left out. Undefined
 * for a single variant, and past the limit (the form says so; the estimate waits).
 */
export function estimateVariants(v: VariantsDraft): EstimateRequest['variants'] {
  const count = variantCount(v);
  if (count === 1 || count > LIMITS.variants) return undefined;
  return variantCells(v).flatMap((cell) => {
    const prompt = cell.prompt ? v.prompts[cell.prompt - 1] : null;
    const model = cell.model ? v.models[cell.model - 1] : null;
    if (model && (!model.providerConnectionId || !model.model.trim())) return [];
    const maxTokens = cell.paramSet ? wholeIn(v.paramSets[cell.paramSet - 1].maxTokens, 1, 1_000_000) : undefined;
    return [{
      ...(prompt ? { messages: prompt.messages } : {}),
      ...(model ? { providerConnectionId: model.providerConnectionId, model: model.model.trim() } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
    }];
  });
}
