import { z } from 'zod';
import { NotFoundError } from '@/lib/errors';

/** A malformed id is a 404, not a database cast error (which would surface as a 500). */
export function parseExperimentId(id: string): string {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError('Experiment');
  return id;
}
