import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { experiments } from '../db/schema';
import { NotFoundError, UserError } from '../errors';
import { experimentConfigSchema } from './config';
import { budgetProblems } from './validate';

/**
 * Sets (or removes, with null) an experiment's budget cap. Only while it is not running: the owner
 * keeps the cap it started with. Raised past what was spent, a resume runs only the outstanding work.
 */
export async function setBudgetCap(db: DbOrTx, id: string, budgetUsd: number | null) {
  const [row] = await db.select({ status: experiments.status, config: experiments.config }).from(experiments).where(eq(experiments.id, id));
  if (!row) throw new NotFoundError('Experiment');
  const config = experimentConfigSchema.parse({ ...(row.config as object), budgetUsd });
  if (budgetUsd !== null) {
    const problems = await budgetProblems(db, config);
    if (problems.length) throw new UserError(problems.join('; '));
  }
  const updated = await db.update(experiments).set({ config: sql`jsonb_set(${experiments.config}, '{budgetUsd}', ${JSON.stringify(budgetUsd)}::jsonb)` })
    .where(and(eq(experiments.id, id), inArray(experiments.status, ['STOPPED', 'COMPLETED', 'ERROR'])))
    .returning({ id: experiments.id });
  if (!updated.length) throw new UserError('The experiment is running: stop it first to change its budget cap', {}, 409);
  return { budgetUsd };
}
