import { applyMapping, type ColumnMapping } from './column-mapping';
import { serialiseItem } from './storable-item';

/** Why a row whose mapped input cells are all empty is skipped (reported with its line). */
export const NO_INPUT_VALUE = 'no input value';

export type MappedItem = ReturnType<typeof applyMapping>;

export type RecordItem =
  | { ok: true; item: MappedItem; text: string; bytes: number }
  | { ok: false; problem: string; item?: MappedItem };

/** Whether a value says anything: not missing, null, blank text, or an empty array or object. */
export function hasValue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Whether an item's input gives a prompt anything: an object needs one field with a value. */
export function inputHasValue(input: unknown): boolean {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) return Object.values(input).some(hasValue);
  return hasValue(input);
}

/**
 * A parsed record as the dataset item it becomes, serialised for storage, or why its line is
 * skipped. An item needs at least one input value: a prompt filled from empty cells only would
 * run on nothing. Client-safe: the upload preview and the import judge every line alike.
 */
export function itemFromRecord(record: Record<string, unknown>, mapping: ColumnMapping): RecordItem {
  const item = applyMapping(record, mapping);
  if (!inputHasValue(item.input)) return { ok: false, problem: NO_INPUT_VALUE, item };
  const stored = serialiseItem(item);
  if ('problem' in stored) return { ok: false, problem: stored.problem, item };
  return { ok: true, item, text: stored.text, bytes: stored.bytes };
}
