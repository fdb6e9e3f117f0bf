import { jsonRoute, readJson } from '@/lib/server/route';
import { addEvaluators } from '@/lib/experiments/evaluators';
import { UserError } from '@/lib/errors';
import { parseExperimentId } from '../../parse-id';

export const dynamic = 'force-dynamic';

/**
 * Body: { evaluators: EvaluatorConfig[] }. Adds them to a stopped or finished experiment; the next
 * resume scores every existing succeeded run with them, without re-running any task.
 */
export const POST = jsonRoute<{ id: string }>(async (req, { db }, { id }) => {
  const body = (await readJson(req)) as { evaluators?: unknown };
  if (!Array.isArray(body?.evaluators)) throw new UserError('Body must be { "evaluators": [...] }');
  return { evaluators: await addEvaluators(db, parseExperimentId(id), body.evaluators) };
});
