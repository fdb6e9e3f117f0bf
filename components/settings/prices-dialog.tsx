'use client';

import { useState, useTransition, type FormEvent } from 'react';
import { deletePriceAction, listPricesAction, setPriceAction } from '@/app/settings/price-actions';
import type { PriceRow } from '@/lib/costs/price-schema';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, FormError } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';

const today = () => new Date().toISOString().slice(0, 10);
const EMPTY = { model: '', input: '', cached: '', output: '', asOf: '' };
type Draft = typeof EMPTY;
const FIELD_OF: Record<string, keyof Draft> = { inputPerMTok: 'input', cachedInputPerMTok: 'cached', outputPerMTok: 'output', asOf: 'asOf', model: 'model' };

const money = (n: number | null) => (n === null ? '—' : `$${n}`);

/** "Prices": a connection's price per model (US dollars per million tokens), shipped defaults and its own. */
export function PricesDialog({ providerConnectionId, name }: { providerConnectionId: string; name: string }) {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<PriceRow[] | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [pending, start] = useTransition();

  const load = () => start(async () => {
    try {
      const result = await listPricesAction({ providerConnectionId });
      if (result.ok) setRows(result.data); else setError(result.error);
    } catch {
      setError('Could not reach the server; try again.');
    }
  });
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) { setError(null); setFieldErrors({}); setDraft({ ...EMPTY, asOf: today() }); load(); }
  };
  const edit = (r: PriceRow) => {
    setFieldErrors({});
    setDraft({ model: r.model, input: String(r.inputPerMTok), cached: r.cachedInputPerMTok === null ? '' : String(r.cachedInputPerMTok), output: String(r.outputPerMTok), asOf: today() });
  };
  const set = (key: keyof Draft) => (ev: { target: { value: string } }) => {
    setDraft((d) => ({ ...d, [key]: ev.target.value }));
    setFieldErrors((e) => ({ ...e, [key]: undefined }));
  };

  const number = (raw: string) => (raw.trim() === '' ? Number.NaN : Number(raw));
  const save = (ev: FormEvent) => {
    ev.preventDefault();
    start(async () => {
      try {
        const result = await setPriceAction({
          providerConnectionId, model: draft.model, inputPerMTok: number(draft.input),
          cachedInputPerMTok: draft.cached.trim() === '' ? null : number(draft.cached), outputPerMTok: number(draft.output), asOf: draft.asOf,
        });
        if (!result.ok) {
          setError(result.error);
          const fe: Partial<Record<keyof Draft, string>> = {};
          for (const [k, v] of Object.entries(result.fieldErrors ?? {})) if (FIELD_OF[k]) fe[FIELD_OF[k]] = v;
          setFieldErrors(fe);
          return;
        }
        setError(null);
        toast.success(`Saved the price of ${result.data.model}`, 'Runs already recorded keep the price they were charged at.');
        setDraft({ ...EMPTY, asOf: today() });
        load();
      } catch {
        setError('Could not reach the server; nothing was saved, try again.');
      }
    });
  };
  const remove = (model: string) => start(async () => {
    try {
      const result = await deletePriceAction({ providerConnectionId, model });
      if (!result.ok) { setError(result.error); return; }
      load();
    } catch {
      setError('Could not reach the server; try again.');
    }
  });

  // The shipped list is dated as a whole; a connection's own prices carry their own dates (As of column).
  const shippedAsOf = rows?.filter((r) => r.source === 'default').map((r) => r.asOf).sort().at(-1) ?? null;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      width="lg"
      trigger={<Button size="sm" variant="ghost" aria-label={`Prices of ${name}`}>Prices</Button>}
      title={`Prices of “${name}”`}
      description={<>US dollars per million tokens. A run records the price it was charged at: editing a price changes later calls only.{shippedAsOf && <> Shipped prices as of {shippedAsOf}.</>}</>}
    >
      <div className="space-y-4">
        <Table aria-label={`Prices of ${name}`}>
          <THead>
            <Th>Model</Th><Th numeric>Input</Th><Th numeric>Cached input</Th><Th numeric>Output</Th><Th>As of</Th><Th><span className="sr-only">Actions</span></Th>
          </THead>
          <tbody>
            {rows === null ? (
              <tr><td colSpan={6} className="px-3 py-4 text-center text-zinc-500 dark:text-zinc-400">Loading…</td></tr>
            ) : rows.length === 0 ? (
              <tr><td colSpan={6} className="px-3 py-4 text-center text-zinc-500 dark:text-zinc-400">No prices: calls to this connection show “no price set”. Add one below.</td></tr>
            ) : rows.map((r) => (
              <Tr key={r.model} data-model={r.model}>
                <Td><span className="font-mono text-xs">{r.model}</span>{r.source === 'default' && <span className="ml-1.5 text-[11px] text-zinc-500 dark:text-zinc-400">default</span>}</Td>
                <Td numeric>{money(r.inputPerMTok)}</Td>
                <Td numeric>{money(r.cachedInputPerMTok)}</Td>
                <Td numeric>{money(r.outputPerMTok)}</Td>
                <Td className="text-xs text-zinc-500 dark:text-zinc-400">{r.asOf}</Td>
                <Td className="py-1 text-right">
                  <Button size="sm" variant="ghost" onClick={() => edit(r)} aria-label={`Edit price of ${r.model}`}>Edit</Button>
                  {r.source === 'custom' && <Button size="sm" variant="ghost" onClick={() => remove(r.model)} disabled={pending} aria-label={`Remove price of ${r.model}`}>Remove</Button>}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
        <form onSubmit={save} aria-label="Set a price" className="grid grid-cols-6 items-start gap-2" autoComplete="off" noValidate>
          <Field id={`price-model-${providerConnectionId}`} label="Model" error={fieldErrors.model} className="col-span-2">
            <Input id={`price-model-${providerConnectionId}`} compact className="font-mono text-xs" value={draft.model} onChange={set('model')} placeholder="gpt-4o-mini" maxLength={200} required />
          </Field>
          <Field id={`price-input-${providerConnectionId}`} label="Input $/M" error={fieldErrors.input}>
            <Input id={`price-input-${providerConnectionId}`} compact type="number" min={0} step="any" value={draft.input} onChange={set('input')} required />
          </Field>
          <Field id={`price-cached-${providerConnectionId}`} label="Cached $/M" error={fieldErrors.cached} hint="empty: as input">
            <Input id={`price-cached-${providerConnectionId}`} compact type="number" min={0} step="any" value={draft.cached} onChange={set('cached')} />
          </Field>
          <Field id={`price-output-${providerConnectionId}`} label="Output $/M" error={fieldErrors.output}>
            <Input id={`price-output-${providerConnectionId}`} compact type="number" min={0} step="any" value={draft.output} onChange={set('output')} required />
          </Field>
          <Field id={`price-asof-${providerConnectionId}`} label="As of" error={fieldErrors.asOf}>
            <Input id={`price-asof-${providerConnectionId}`} compact type="date" value={draft.asOf} onChange={set('asOf')} required />
          </Field>
          <div className="col-span-6 flex items-center justify-end gap-2">
            <div className="mr-auto"><FormError message={error} /></div>
            <Button type="submit" variant="primary" disabled={pending || !draft.model.trim()}>{pending ? 'Saving…' : 'Save price'}</Button>
          </div>
        </form>
      </div>
    </Dialog>
  );
}
