// Runs code evaluators for code-evaluator-pool.ts on a worker thread, one at a time.
import { parentPort } from 'node:worker_threads';
import { runCodeEvaluator } from './code-evaluators';
import type { CodeEvaluatorConfig, EvaluationContext } from './types';

parentPort!.on('message', (m: { id: number; config: CodeEvaluatorConfig; ctx: EvaluationContext }) => {
  // The time limit runs from here: loading the thread (seconds on a busy machine) is not the evaluator's.
  parentPort!.postMessage({ id: m.id, started: true });
  try {
    parentPort!.postMessage({ id: m.id, result: runCodeEvaluator(m.config, m.ctx) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: { name: (err as Error)?.name ?? 'Error', message: (err as Error)?.message ?? String(err) } });
  }
});
