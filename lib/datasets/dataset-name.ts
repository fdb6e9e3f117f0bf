import { UserError } from '../errors';

/** 409: the name is in use (dataset names are unique). */
export function datasetNameTaken(name: string): UserError {
  return new UserError(`A dataset named "${name}" already exists`, { name: 'Name is taken' }, 409);
}
