'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { createExperimentSchema } from '@/lib/experiments/config';
import { createExperiment } from '@/lib/experiments/create';
import { deleteExperiment, resumeExperiment, stopExperiment } from '@/lib/experiments/lifecycle';

const byId = z.object({ id: z.uuid({ message: 'Unknown experiment id' }) });

export const createExperimentAction = defineAction(createExperimentSchema, async (input, ctx) =>
  createExperiment(ctx.db, await ctx.boss(), input));

export const stopExperimentAction = defineAction(byId.extend({ now: z.boolean().optional() }), async ({ id, now }, ctx) =>
  stopExperiment(ctx.db, id, { now }));

export const resumeExperimentAction = defineAction(byId, async ({ id }, ctx) => resumeExperiment(ctx.db, await ctx.boss(), id));

export const deleteExperimentAction = defineAction(byId, async ({ id }, ctx) => deleteExperiment(ctx.db, id));
