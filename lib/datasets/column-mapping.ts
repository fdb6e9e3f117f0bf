import { z } from 'zod';

const columns = z.array(z.string().min(1, 'Column names cannot be empty'));

/** Which uploaded columns become input fields, expected-output fields and metadata. Unmapped columns are dropped. */
export const columnMappingSchema = z.object({
  input: columns.min(1, 'Map at least one column to the input'),
  expected: columns.default([]),
  metadata: columns.default([]),
}).superRefine((m, ctx) => {
  const seen = new Map<string, string>();
  for (const group of ['input', 'expected', 'metadata'] as const) {
    for (const col of m[group]) {
      const other = seen.get(col);
      if (other) ctx.addIssue({ code: 'custom', path: [group], message: `Column "${col}" is mapped to both ${other} and ${group}` });
      seen.set(col, group);
    }
  }
});

export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** Mapped columns that the file does not have, as messages. */
export function mappingProblems(mapping: ColumnMapping, available: string[]): string[] {
  const have = new Set(available);
  return [...mapping.input, ...mapping.expected, ...mapping.metadata]
    .filter((c) => !have.has(c))
    .map((c) => `The file has no column "${c}"`);
}

/**
 * CSV cells are always text; one that holds a JSON object or array (`{"a":1}`, `[1,2]`) is
 * almost certainly structured data, so it is parsed. Anything else (numbers included: "007" must
 * stay "007") is kept as it is, and so is text that only looks like JSON but does not parse.
 */
export function parseCell(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const t = value.trim();
  if (!((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']')))) return value;
  try {
    return JSON.parse(t);
  } catch {
    return value;
  }
}

function pick(record: Record<string, unknown>, cols: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const col of cols) {
    // defineProperty keeps a column named __proto__ as plain data.
    if (Object.hasOwn(record, col)) Object.defineProperty(out, col, { value: parseCell(record[col]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * A parsed record as a dataset item. Expected output is always an object keyed by column (even a
 * single column named "expected"), so evaluators address it the same way every time; it is null
 * when no column is mapped or every mapped cell is missing or empty (an empty CSV cell means "no answer").
 */
export function applyMapping(record: Record<string, unknown>, mapping: ColumnMapping): {
  input: Record<string, unknown>;
  expectedOutput: Record<string, unknown> | null;
  metadata: Record<string, unknown>;
} {
  const expected = pick(record, mapping.expected);
  const hasExpected = Object.values(expected).some((v) => v !== '' && v !== null && v !== undefined);
  return {
    input: pick(record, mapping.input),
    expectedOutput: hasExpected ? expected : null,
    metadata: pick(record, mapping.metadata),
  };
}

const normalise = (col: string) => col.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

const EXPECTED_NAMES = new Set([
  'expected', 'expected_output', 'expected_answer', 'answer', 'answers', 'output', 'label', 'ground_truth',
  'groundtruth', 'gt', 'reference', 'reference_answer', 'target', 'gold', 'ideal', 'correct_answer', 'solution',
]);
const METADATA_NAMES = new Set(['metadata', 'meta', 'id', 'uuid', 'tags', 'tag', 'source']);

/** A first guess for the mapping screen: answer-like columns are expected, id/tags/source are metadata, the rest input. */
export function suggestMapping(cols: string[]): ColumnMapping {
  const mapping: ColumnMapping = { input: [], expected: [], metadata: [] };
  for (const col of cols) {
    const name = normalise(col);
    if (EXPECTED_NAMES.has(name) || name.startsWith('expected_')) mapping.expected.push(col);
    else if (METADATA_NAMES.has(name)) mapping.metadata.push(col);
    else mapping.input.push(col);
  }
  return mapping;
}
