import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { experiments } from '../db/schema';
import { evaluatorConfigSchema, type EvaluatorConfig } from '../evaluators/types';
import { validateEvaluatorConfig } from '../evaluators/code-evaluators';
import { NotFoundError, UserError, zodToUserError } from '../errors';
import type { ExperimentConfig } from './config';
import { providerProblems } from './validate';

/**
 * Adds evaluators to a stopped or finished experiment. The next resume scores every existing
 * succeeded run with them without re-running any task.
 */
export async function addEvaluators(db: DbOrTx, experimentId: string, raw: unknown[]): Promise<EvaluatorConfig[]> {
  const parsed = evaluatorConfigSchema.array().min(1, 'Add at least one evaluator').safeParse(raw);
  if (!parsed.success) throw zodToUserError(parsed.error);
  const [exp] = await db.select().from(experiments).where(eq(experiments.id, experimentId));
  if (!exp) throw new NotFoundError('Experiment');
  if (exp.status === 'RUNNING' || exp.status === 'QUEUED') throw new UserError('Stop the experiment before changing its evaluators', {}, 409);
  const config = exp.config as ExperimentConfig;
  const names = new Set(config.evaluators.map((e) => e.name));
  for (const ev of parsed.data) {
    if (names.has(ev.name)) throw new UserError(`An evaluator named "${ev.name}" already exists on this experiment`);
    names.add(ev.name);
    const problems = validateEvaluatorConfig(ev);
    if (problems.length) throw new UserError(`Evaluator "${ev.name}": ${problems.join('; ')}`);
  }
  const missing = await providerProblems(db, [], parsed.data);
  if (missing.length) throw new UserError(missing.join('; '));
  const evaluators = [...config.evaluators, ...parsed.data];
  await db.update(experiments).set({ config: { ...config, evaluators } }).where(eq(experiments.id, experimentId));
  return evaluators;
}
