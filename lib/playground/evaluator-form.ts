import type { ChatMessage } from '../prompts/template';
import type { EvaluatorConfig, EvaluatorType } from '../evaluators/types';
import { DEFAULT_JUDGE_TEMPLATE } from '../evaluators/judge-verdict';

/** What the evaluator picker shows, in this order. */
export const EVALUATOR_CHOICES: { type: EvaluatorType; label: string; hint: string }[] = [
  { type: 'exact_match', label: 'Exact match', hint: 'Output equals the expected value' },
  { type: 'contains', label: 'Contains', hint: 'Output contains a text or the expected value' },
  { type: 'regex', label: 'Regex', hint: 'Output matches a regular expression' },
  { type: 'numeric_closeness', label: 'Numeric closeness', hint: 'A number within a tolerance of the expected one' },
  { type: 'string_similarity', label: 'String similarity', hint: 'Edit-distance ratio to the expected value' },
  { type: 'valid_json', label: 'Valid JSON', hint: 'Output parses as JSON' },
  { type: 'json_schema', label: 'JSON schema', hint: 'Output is JSON matching a schema' },
  { type: 'llm_judge', label: 'LLM judge', hint: 'A model grades the output against the expected value' },
];

export const evaluatorLabel = (type: EvaluatorType) => EVALUATOR_CHOICES.find((c) => c.type === type)?.label ?? type;

/** Types that compare with the item's expected output (the others look at the output alone). */
export const USES_EXPECTED: ReadonlySet<EvaluatorType> = new Set(['exact_match', 'contains', 'numeric_closeness', 'string_similarity', 'llm_judge']);

/** The form's state for one evaluator: every field as typed (strings), whatever the type. */
export interface EvaluatorDraft {
  key: string;
  type: EvaluatorType;
  name: string;
  expectedField: string;
  outputField: string;
  caseSensitive: boolean;
  trim: boolean;
  value: string;
  pattern: string;
  flags: string;
  schema: string;
  tolerance: string;
  relativeTolerance: string;
  threshold: string;
  providerConnectionId: string;
  model: string;
  judgeTemplate: ChatMessage[];
}

/** `exact_match`, then `exact_match_2`, … : names key the scores, so they must be unique. */
export function uniqueEvaluatorName(type: EvaluatorType, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(type)) return type;
  for (let i = 2; ; i++) if (!used.has(`${type}_${i}`)) return `${type}_${i}`;
}

export function newEvaluatorDraft(type: EvaluatorType, p: { key: string; taken: Iterable<string>; providerConnectionId?: string; model?: string }): EvaluatorDraft {
  return {
    key: p.key, type, name: uniqueEvaluatorName(type, p.taken),
    expectedField: '', outputField: '', caseSensitive: true, trim: true, value: '', pattern: '', flags: '',
    schema: '{\n  "type": "object"\n}', tolerance: '', relativeTolerance: '', threshold: '',
    providerConnectionId: p.providerConnectionId ?? '', model: p.model ?? '',
    judgeTemplate: DEFAULT_JUDGE_TEMPLATE.map((m) => ({ ...m })),
  };
}

export function evaluatorDraftFromConfig(c: EvaluatorConfig, key: string): EvaluatorDraft {
  const d = newEvaluatorDraft(c.type, { key, taken: [] });
  d.name = c.name;
  d.expectedField = c.expectedField ?? '';
  d.outputField = c.outputField ?? '';
  switch (c.type) {
    case 'exact_match': d.caseSensitive = c.caseSensitive ?? true; d.trim = c.trim ?? true; break;
    case 'contains': d.caseSensitive = c.caseSensitive ?? true; d.value = c.value ?? ''; break;
    case 'regex': d.pattern = c.pattern; d.flags = c.flags ?? ''; break;
    case 'json_schema': d.schema = JSON.stringify(c.schema, null, 2); break;
    case 'numeric_closeness':
      d.tolerance = c.tolerance === undefined ? '' : String(c.tolerance);
      d.relativeTolerance = c.relativeTolerance === undefined ? '' : String(c.relativeTolerance);
      break;
    case 'string_similarity': d.threshold = c.threshold === undefined ? '' : String(c.threshold); break;
    case 'llm_judge':
      d.providerConnectionId = c.providerConnectionId; d.model = c.model;
      d.judgeTemplate = c.template.map((m) => ({ ...m }));
      break;
    case 'valid_json': break;
  }
  return d;
}

export type FieldErrors = Record<string, string>;

const FIELD_PATH = /^[^.]+(\.[^.]+)*$/;

/** An optional number typed into a field: '' is "not set"; anything else must parse. */
export function parseOptionalNumber(text: string): { ok: true; value: number | undefined } | { ok: false } {
  const t = text.trim();
  if (!t) return { ok: true, value: undefined };
  const n = Number(t);
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
}

/**
 * The draft as a config the server accepts, or field errors keyed like the server's
 * (`<prefix>.pattern`), so both show under the same field.
 */
export function evaluatorDraftToConfig(d: EvaluatorDraft, prefix: string): { ok: true; config: EvaluatorConfig } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = d.name.trim();
  if (!name) errors[`${prefix}.name`] = 'Name is required';
  const path = (field: 'expectedField' | 'outputField') => {
    const v = d[field].trim();
    if (v && !FIELD_PATH.test(v)) errors[`${prefix}.${field}`] = 'A dot path such as "answer" or "a.b"';
    return v || undefined;
  };
  const base = { name, expectedField: path('expectedField'), outputField: path('outputField') };
  const num = (field: 'tolerance' | 'relativeTolerance' | 'threshold', min: number, max?: number) => {
    const r = parseOptionalNumber(d[field]);
    if (!r.ok || (r.value !== undefined && (r.value < min || (max !== undefined && r.value > max)))) {
      errors[`${prefix}.${field}`] = max === undefined ? `A number, ${min} or more` : `A number from ${min} to ${max}`;
      return undefined;
    }
    return r.value;
  };

  let config: EvaluatorConfig | null = null;
  switch (d.type) {
    case 'exact_match':
      config = { ...base, type: 'exact_match', caseSensitive: d.caseSensitive, trim: d.trim };
      break;
    case 'contains':
      config = { ...base, type: 'contains', caseSensitive: d.caseSensitive, ...(d.value ? { value: d.value } : {}) };
      break;
    case 'regex': {
      if (!d.pattern) errors[`${prefix}.pattern`] = 'Pattern is required';
      else {
        try { new RegExp(d.pattern, d.flags.trim()); } catch (err) { errors[`${prefix}.pattern`] = (err as Error).message; }
      }
      config = { ...base, type: 'regex', pattern: d.pattern, ...(d.flags.trim() ? { flags: d.flags.trim() } : {}) };
      break;
    }
    case 'valid_json':
      config = { ...base, type: 'valid_json' };
      break;
    case 'json_schema': {
      const parsed = parseJsonObject(d.schema);
      if (!parsed.ok) errors[`${prefix}.schema`] = parsed.error;
      config = { ...base, type: 'json_schema', schema: parsed.ok ? parsed.value : {} };
      break;
    }
    case 'numeric_closeness': {
      const tolerance = num('tolerance', 0);
      const relativeTolerance = num('relativeTolerance', 0);
      config = { ...base, type: 'numeric_closeness', ...(tolerance !== undefined ? { tolerance } : {}), ...(relativeTolerance !== undefined ? { relativeTolerance } : {}) };
      break;
    }
    case 'string_similarity': {
      const threshold = num('threshold', 0, 1);
      config = { ...base, type: 'string_similarity', ...(threshold !== undefined ? { threshold } : {}) };
      break;
    }
    case 'llm_judge': {
      if (!d.providerConnectionId) errors[`${prefix}.providerConnectionId`] = 'Choose a provider for the judge';
      if (!d.model.trim()) errors[`${prefix}.model`] = 'Choose a judge model';
      if (!d.judgeTemplate.some((m) => m.content.trim())) errors[`${prefix}.template`] = 'The judge template is empty';
      config = {
        ...base, type: 'llm_judge', providerConnectionId: d.providerConnectionId, model: d.model.trim(),
        template: d.judgeTemplate.filter((m) => m.content.trim()).map((m) => ({ role: m.role, content: m.content })),
      };
      break;
    }
  }
  return Object.keys(errors).length || !config ? { ok: false, errors } : { ok: true, config };
}

/** Text that must be a JSON object (a schema); '' is an error here, callers decide when empty is fine. */
export function parseJsonObject(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Invalid JSON: ${(err as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'Must be a JSON object such as {"type": "object"}' };
  return { ok: true, value: value as Record<string, unknown> };
}
