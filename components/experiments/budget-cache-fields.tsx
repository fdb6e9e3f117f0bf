'use client';

import type { ComponentProps } from 'react';
import { BUDGET_CAP_HINT, CALL_CACHE_HINTS, CALL_CACHE_LABELS, CALL_CACHE_MODES, type CallCacheMode } from '@/lib/experiments/budget-form';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';

type InputExtras = Omit<ComponentProps<'input'>, 'id' | 'value' | 'onChange'> & { [data: `data-${string}`]: string };

/** "Budget cap ($)": an optional amount; the form parses it with parseBudgetText. */
export function BudgetCapField({ id, value, onChange, error, inputProps }: {
  id: string; value: string; onChange: (text: string) => void; error?: string; inputProps?: InputExtras;
}) {
  return (
    <Field id={id} label="Budget cap ($)" error={error} hint={BUDGET_CAP_HINT}>
      <Input id={id} type="text" inputMode="decimal" className="tabular-nums" placeholder="no cap" autoComplete="off"
        value={value} onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...inputProps} />
    </Field>
  );
}

/** "Call cache": Auto / On / Off, with what the chosen mode does. */
export function CallCacheField({ id, value, onChange, error }: {
  id: string; value: CallCacheMode; onChange: (mode: CallCacheMode) => void; error?: string;
}) {
  return (
    <Field id={id} label="Call cache" error={error} hint={CALL_CACHE_HINTS[value]}>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value as CallCacheMode)}
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {CALL_CACHE_MODES.map((m) => <option key={m} value={m}>{CALL_CACHE_LABELS[m]}</option>)}
      </Select>
    </Field>
  );
}
