import type { DbOrTx } from '../db/client';
import { countEligibleItems, getDataset } from '../datasets/items';
import { databaseNow } from '../db/now';
import { NotFoundError } from '../errors';
import { extractVariables, missingVariables, normaliseInput, renderMessages, templateChars, type ChatMessage } from '../prompts/template';
import { renderJudgeMessages } from '../evaluators/judge-verdict';
import { getQuotas } from '../quotas/quotas';
import type { Estimate, EstimateParams } from './estimate-schema';
import { MEASURE_ITEMS } from './estimate-schema';
import { callGroups, summarise, taskOutputPerCall } from './estimate';
import { combineEstimates } from './combine-estimates';
import { findModelPrice, type ModelPrice } from './prices';
import { measureOutputTokens } from './measure-output';
import { sampleItems, type SampledItem } from './sample-items';
import { countChatTokens } from './tokenizer';

/** Items whose rendered prompts are tokenized; the rest is extrapolated from them. */
export const ESTIMATE_SAMPLE_SIZE = 200;
/**
 * Characters of rendered prompts (task and judges) one estimate tokenizes at most: items may be
 * large, and the estimate must answer within a second. Past it the sample is cut short (it is
 * taken in random order, so what was read is still spread over the dataset).
 */
export const ESTIMATE_MAX_CHARS = 4_000_000;

/** A price lookup that fails or finds nothing is "no price set": the estimate shows tokens only. */
async function priceOrNull(db: DbOrTx, providerConnectionId: string, model: string): Promise<ModelPrice | null> {
  try {
    return await findModelPrice(db, providerConnectionId, model);
  } catch {
    return null;
  }
}

type EstimateOptions = { showDetails?: boolean; sampleSize?: number };

/**
 * The reads every variant's estimate shares, each done once: the dataset version, the quotas, the
 * sample of items, and each distinct count (by variables) and price (by provider and model).
 */
function sharedReads(db: DbOrTx, p: EstimateParams, version: Date, sampleSize: number) {
  const memo = <T>(map: Map<string, Promise<T>>, key: string, read: () => Promise<T>) => {
    if (!map.has(key)) map.set(key, read());
    return map.get(key)!;
  };
  const counts = new Map<string, Promise<{ total: number; eligible: number }>>();
  const prices = new Map<string, Promise<ModelPrice | null>>();
  let sample: Promise<SampledItem[]> | undefined;
  const quotas = getQuotas(db);
  return {
    quotas: () => quotas,
    count: (variables: string[]) => memo(counts, variables.join('\u0000'), () => countEligibleItems(db, p.datasetId, version, variables)),
    price: (providerConnectionId: string, model: string) => memo(prices, `${providerConnectionId}\u0000${model}`, () => priceOrNull(db, providerConnectionId, model)),
    // The version's item count is the same whatever the variables: one sample serves every variant.
    sample: (activeItems: number) => (sample ??= sampleItems(db, { datasetId: p.datasetId, version, size: sampleSize, activeItems })),
  };
}
type SharedReads = ReturnType<typeof sharedReads>;

/**
 * What an experiment would cost before it runs: the calls it makes, the input tokens of a sample of
 * its rendered prompts (task and judges) extrapolated to every eligible item, the output bounded by
 * max tokens or measured on a few real calls, and the price of it all. Reads a bounded number of
 * rows whatever the dataset's size, plus one counting pass over its index. With variants, the sum
 * of each variant's estimate (one after the other: a measurement makes real calls).
 */
export async function estimateExperiment(db: DbOrTx, p: EstimateParams, opts: EstimateOptions = {}): Promise<Estimate> {
  if (!await getDataset(db, p.datasetId)) throw new NotFoundError('Dataset');
  const reads = sharedReads(db, p, p.datasetVersion ?? await databaseNow(db), opts.sampleSize ?? ESTIMATE_SAMPLE_SIZE);
  if (!p.variants?.length) return estimateOne(db, p, reads, opts);
  const parts: Estimate[] = [];
  for (const v of p.variants) {
    const own = Object.fromEntries(Object.entries(v).filter(([, value]) => value !== undefined));
    parts.push(await estimateOne(db, { ...p, ...own, variants: undefined }, reads, opts));
  }
  return { ...combineEstimates(parts), variants: parts.length };
}

async function estimateOne(db: DbOrTx, p: EstimateParams, reads: SharedReads, opts: EstimateOptions): Promise<Estimate> {
  const variables = extractVariables(p.messages);
  const [counts, quotas, taskPrice, ...judgePrices] = await Promise.all([
    reads.count(variables),
    reads.quotas(),
    reads.price(p.providerConnectionId, p.model),
    ...p.judges.map((j) => reads.price(j.providerConnectionId, j.model)),
  ]);

  const sampled = counts.eligible === 0 ? [] : await reads.sample(counts.total);
  // Random ids give a random order: any prefix of it is spread like the whole sample.
  const eligible = sampled.filter((item) => missingVariables(item.input, variables).length === 0)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((item) => ({ item, vars: normaliseInput(item.input, variables)! }));
  const prompts = renderWithin(eligible, (e) => [
    renderMessages(p.messages, e.vars),
    // The output is not known yet: callGroups adds the task's output tokens to each judge call.
    ...p.judges.map((judge) => renderJudgeMessages(judge.template, { input: e.item.input, output: '', expected: e.item.expectedOutput })),
  ]);

  const measurement = p.measure && eligible.length ? await measureOutputTokens(db, {
    // Without max tokens, creation caps the run at the quota: so is the measurement.
    providerConnectionId: p.providerConnectionId, model: p.model, messages: p.messages, maxTokens: p.maxTokens ?? quotas.maxTokens ?? undefined,
    responseSchema: p.responseSchema, items: spread(eligible, MEASURE_ITEMS).map((e) => e.vars), showDetails: opts.showDetails ?? false,
  }) : null;
  const output = taskOutputPerCall({ measured: measurement?.completionTokens ?? null, maxTokens: p.maxTokens, quotaMaxTokens: quotas.maxTokens });

  const groups = callGroups({
    eligibleItems: counts.eligible, repetitions: p.repetitions, outputPerCall: output.perCall,
    task: { model: p.model, price: taskPrice, promptTokens: prompts.map(([task]) => countChatTokens(task, p.model)) },
    judges: p.judges.map((judge, i) => ({
      model: judge.model, price: judgePrices[i],
      promptTokens: prompts.map((calls) => countChatTokens(calls[i + 1], judge.model)),
    })),
  });
  return summarise({
    totalItems: counts.total, eligibleItems: counts.eligible, sampledItems: prompts.length, repetitions: p.repetitions,
    groups, output,
    measured: measurement ? { calls: measurement.completionTokens.length, failed: measurement.failed, error: measurement.error } : null,
  });
}

/** Each item's rendered calls, until ESTIMATE_MAX_CHARS are rendered (at least one item is kept). */
function renderWithin<T>(items: T[], render: (item: T) => ChatMessage[][]): ChatMessage[][][] {
  const out: ChatMessage[][][] = [];
  let chars = 0;
  for (const item of items) {
    const calls = render(item);
    chars += calls.reduce((n, messages) => n + templateChars(messages), 0);
    if (chars > ESTIMATE_MAX_CHARS && out.length > 0) break;
    out.push(calls);
  }
  return out;
}

/** `n` elements spread evenly over `list` (all of it when shorter). */
function spread<T>(list: T[], n: number): T[] {
  if (list.length <= n) return list;
  return Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]);
}
