'use server';

import { defineAction } from '@/lib/server/safe-action';
import { createExperimentSchema } from '@/lib/experiments/config';
import { startPlaygroundRun } from '@/lib/playground/run';
import { savePromptSchema, savePromptVersion } from '@/lib/playground/prompts';

/** Run: creates the experiment (recorded or not) and returns its id at once; the worker runs it. */
export const runPlaygroundAction = defineAction(createExperimentSchema, async (input, ctx) =>
  startPlaygroundRun(ctx.db, await ctx.boss(), input, { userId: ctx.principal!.userId }));

/** Save prompt: the messages as the next version of the named prompt. */
export const savePromptAction = defineAction(savePromptSchema, async (input, ctx) => savePromptVersion(ctx.db, input));
