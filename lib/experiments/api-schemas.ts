import { z } from 'zod';

/**
 * Inputs that a server action and a route share, so both accept and refuse the same input with
 * the same message. Client-safe: no server imports.
 */

/** Stop and resume are allowed once every this many ms per experiment (the server enforces it; the menu shows it). */
export const TOGGLE_COOLDOWN_MS = 5_000;

export const experimentIdSchema = z.uuid({ message: 'Unknown experiment id' }).meta({ description: 'Experiment id' });

export const experimentRefSchema = z.object({ id: experimentIdSchema });

export const stopExperimentSchema = experimentRefSchema.extend({
  /** Abort the calls in flight (their items run again on resume) instead of letting them finish. */
  now: z.boolean().optional(),
});
