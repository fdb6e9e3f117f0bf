import { z } from 'zod';
import { experimentConfigSchema } from './config';
import { experimentRefSchema } from './api-schemas';

/**
 * Changing a budget cap: the body of PATCH /api/experiments/{id}/budget and the server action's
 * input, with the config's own rule for the amount (so both refuse what creation refuses).
 */
export const budgetCapBodySchema = z.object({
  budgetUsd: experimentConfigSchema.shape.budgetUsd.unwrap()
    .meta({ description: 'The cap in US dollars; null removes it' }),
});

export const setBudgetCapSchema = experimentRefSchema.extend(budgetCapBodySchema.shape);

export const budgetCapSchema = z.object({ budgetUsd: z.number().nullable() });
