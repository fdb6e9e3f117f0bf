import type OpenAI from 'openai';
import { isJudge, type EvaluatorConfig } from './types';
import { selectJudgeValues } from './code-evaluators';
import { codeEvaluatorPool } from './code-evaluator-pool';
import { parseJudgeVerdict, renderJudgeMessages, JUDGE_VERDICT_SCHEMA } from './judge-verdict';
import { usageOf, withUsage, type CallUsage } from '../costs/usage';

export interface EvalSubject { input: unknown; expected: unknown; output: unknown }
export interface EvalOutcome {
  score: number; label: string; explanation: string;
  /** The judge call's usage (absent for code evaluators, which call no model). */
  usage?: CallUsage;
}
export interface JudgeClient { client: OpenAI; timeoutMs: number; signal?: AbortSignal; headers?: Record<string, string> }

export { isJudge } from './types';

/** Code evaluators run in-process; an LLM judge calls its own provider and parses the verdict. */
export async function runEvaluator(ev: EvaluatorConfig, subject: EvalSubject, judge?: JudgeClient): Promise<EvalOutcome> {
  if (!isJudge(ev)) return codeEvaluatorPool().run(ev, subject);
  if (!judge) throw new Error(`Evaluator "${ev.name}" needs a provider client`);
  const selected = selectJudgeValues(ev, subject);
  if (!selected.ok) return selected.result;
  const completion = await judge.client.chat.completions.create({
    model: ev.model,
    messages: renderJudgeMessages(ev.template, selected.values),
    temperature: 0,
    response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema: JUDGE_VERDICT_SCHEMA as Record<string, unknown>, strict: false } },
  }, { timeout: judge.timeoutMs, signal: judge.signal, headers: judge.headers });
  const usage = usageOf(completion.usage);
  try {
    return { ...parseJudgeVerdict(completion.choices?.[0]?.message?.content ?? ''), usage };
  } catch (err) {
    // An unusable verdict still cost its tokens: the error carries them to the ERROR record.
    throw err instanceof Error ? withUsage(err, usage) : err;
  }
}
