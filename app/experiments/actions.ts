'use server';

import { defineAction } from '@/lib/server/safe-action';
import { experimentRefSchema, stopExperimentSchema } from '@/lib/experiments/api-schemas';
import { createExperimentSchema } from '@/lib/experiments/config';
import { createExperiment } from '@/lib/experiments/create';
import { deleteExperiment, resumeExperiment, stopExperiment } from '@/lib/experiments/lifecycle';
import { setBudgetCapSchema } from '@/lib/experiments/budget-schema';
import { setBudgetCap } from '@/lib/experiments/budget';

// The routes under app/api/experiments parse with the same schemas: same input, same answer.
const byId = experimentRefSchema;

export const createExperimentAction = defineAction(createExperimentSchema, async (input, ctx) =>
  createExperiment(ctx.db, await ctx.boss(), input, { userId: ctx.principal!.userId }));

export const stopExperimentAction = defineAction(stopExperimentSchema, async ({ id, now }, ctx) =>
  stopExperiment(ctx.db, id, { now }));

export const resumeExperimentAction = defineAction(byId, async ({ id }, ctx) =>
  resumeExperiment(ctx.db, await ctx.boss(), id, { userId: ctx.principal!.userId }));

export const deleteExperimentAction = defineAction(byId, async ({ id }, ctx) => deleteExperiment(ctx.db, id));

export const setBudgetCapAction = defineAction(setBudgetCapSchema, async ({ id, budgetUsd }, ctx) => setBudgetCap(ctx.db, id, budgetUsd));
