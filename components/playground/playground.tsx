'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { extractVariables } from '@/lib/prompts/template';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import type { PromptVersionOption, SavedPrompt } from '@/lib/playground/prompts';
import {
  buildCreateInput, fromServerFieldErrors, promptRefFor, suggestRunName, templateMessages, variantBase, type PlaygroundDraft,
} from '@/lib/playground/form';
import { describeParams } from '@/lib/playground/variants-form';
import { experimentVariants } from '@/lib/experiments/variants';
import type { CreateExperimentInput, ExperimentConfig } from '@/lib/experiments/config';
import { runPlaygroundAction } from '@/app/playground/actions';
import { stopExperimentAction } from '@/app/experiments/actions';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Button } from '@/components/ui/button';
import { ActionError } from '@/components/ui/action-error';
import { focusField } from '@/components/ui/focus-field';
import { useToast } from '@/components/ui/toast';
import { EXPERIMENTS_KEY } from '@/components/experiments/queries';
import { uniqueName } from '@/components/experiments/name-suggestion';
import { PlayIcon, StopIcon, type FormApi } from './form-bits';
import { PromptEditor } from './prompt-editor';
import { PromptLibrary } from './prompt-library';
import { VariableCoverageChips } from './variable-coverage';
import { PromptPreview } from './prompt-preview';
import { DataSettings, ModelSettings, RunSettings, type DatasetOption, type ProviderOption } from './settings-panel';
import { PanelGroup } from './form-bits';
import { VariantsEditor } from './variants-editor';
import { EvaluatorsEditor } from './evaluators-editor';
import { CostEstimate } from '@/components/costs/cost-estimate';
import { estimateRequestFromDraft } from '@/lib/costs/estimate-from-draft';
import { Results, type CurrentRun } from './results';
import { useRunStream } from './use-run-stream';
import { isGone, playgroundExperimentQuery } from './queries';
import { useUnrecordedGuard } from './use-unrecorded-guard';

/** A suggested name that turns out to be taken is retried with -2, -3, … this many times. */
const NAME_RETRIES = 5;

const isActive = (s: ExperimentSummary | undefined) => !s || s.status === 'QUEUED' || s.status === 'RUNNING';

export interface PlaygroundProps {
  providers: ProviderOption[];
  datasets: DatasetOption[];
  prompts: SavedPrompt[];
  /** Saved prompt versions the Variants section offers as more prompts. */
  promptVersions: PromptVersionOption[];
  initialDraft: PlaygroundDraft;
  /** The experiment `?from=` pre-filled the form from. */
  source: { id: string; name: string } | null;
  /** `?from=` named an experiment that does not exist (any more). */
  sourceMissing: boolean;
}

export function Playground({ providers, datasets, prompts: initialPrompts, promptVersions: initialVersions, initialDraft, source, sourceMissing }: PlaygroundProps) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);

  const [draft, setDraft] = useState(initialDraft);
  const [prompts, setPrompts] = useState(initialPrompts);
  const [promptVersions, setPromptVersions] = useState(initialVersions);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  // Name: suggested from the model and the time (set after mount: the browser's clock and zone).
  const [editedName, setEditedName] = useState<string | null>(null);
  const [suggestedAt, setSuggestedAt] = useState<Date | null>(null);
  useEffect(() => setSuggestedAt(new Date()), []);
  const usedNames = useRef(new Set<string>());
  const name = editedName ?? (suggestedAt ? uniqueName(suggestRunName(draft.model, suggestedAt), usedNames.current) : '');

  const update = useCallback<FormApi['update']>((change) => {
    setDraft((d) => (typeof change === 'function' ? change(d) : { ...d, ...change }));
    setServerErrors({});
  }, []);

  // Live validation: shown for fields visited or after a Run attempt; the server's errors always.
  const live = useMemo(() => buildCreateInput(draft, { name, now: new Date() }), [draft, name]);
  const liveErrors = useMemo(() => (live.ok ? {} : live.errors), [live]);
  const error = useCallback((key: string) =>
    serverErrors[key] ?? ((attempted || touched.has(key)) ? liveErrors[key] : undefined), [serverErrors, attempted, touched, liveErrors]);
  const touch = useCallback((key: string) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key))), []);
  const form: FormApi = { draft, update, error, touch };

  // The experiment the last Run started, and its live state.
  const [current, setCurrent] = useState<CurrentRun | null>(null);
  const summaryQuery = useQuery({ ...playgroundExperimentQuery(current?.id ?? ''), enabled: !!current });
  const summary = summaryQuery.data?.id === current?.id ? summaryQuery.data : undefined;
  // Deleted meanwhile (from another tab, or an unrecorded run past its retention): nothing runs any more.
  const gone = isGone(summaryQuery.error);
  const running = !!current && !gone && isActive(summary);
  const stream = useRunStream(current?.id ?? null, running);
  useUnrecordedGuard(current?.id ?? null, running && !current?.record);

  // A finished run makes room for the next one: fresh name suggestion, experiments tables refreshed.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) {
      setSuggestedAt(new Date());
      void queryClient.invalidateQueries({ queryKey: EXPERIMENTS_KEY });
    }
    wasRunning.current = running;
  }, [running, queryClient]);

  const start = useMutation({
    mutationFn: async (input: CreateExperimentInput) => {
      // An untouched suggestion that is taken (a run in the same second, or before a reload) gets a suffix.
      for (let attempt = 0; ; attempt++) {
        const candidate = attempt === 0 ? input : { ...input, name: `${input.name}-${attempt + 1}` };
        const result = await runPlaygroundAction(candidate);
        if (result.ok || editedName !== null || attempt >= NAME_RETRIES || !result.fieldErrors?.name) return { result, input: candidate };
      }
    },
    onSuccess: ({ result, input }) => {
      if (!result.ok) {
        // Field errors mark their inputs (an unknown variable: the message that uses it first).
        const mapped = fromServerFieldErrors(result.fieldErrors, draft);
        setServerErrors(mapped);
        setFormError(result.error);
        focusFirstError(formRef.current, mapped);
        return;
      }
      const dataset = datasets.find((d) => d.id === input.datasetId);
      setCurrent({
        id: result.data.id, name: input.name, record: input.record ?? true,
        evaluatorNames: (input.config.evaluators ?? []).map((e) => e.name), datasetName: dataset?.name ?? 'the dataset',
        // Built by buildCreateInput, so every field experimentVariants reads is set.
        variantNames: experimentVariants(input.config as ExperimentConfig).map((v) => v.name),
      });
      // The Name field now suggests the next run's name.
      usedNames.current.add(input.name);
      setEditedName(null);
      setSuggestedAt(new Date());
      if (input.record) void queryClient.invalidateQueries({ queryKey: EXPERIMENTS_KEY });
    },
    onError: () => setFormError('Could not reach the server; nothing was started. Try again.'),
  });

  const stop = useMutation({
    mutationFn: async (id: string) => {
      const r = await stopExperimentAction({ id });
      if (!r.ok) throw new Error(r.error);
    },
    onSuccess: () => {
      toast.success(`Stopped “${current?.name}”`, 'Calls already in flight finish; nothing new starts.');
      void queryClient.invalidateQueries({ queryKey: ['playground', 'experiment', current?.id] });
    },
    onError: (err: Error) => {
      toast.error('Could not stop the run', err.message || 'The server did not answer; try again.');
      void queryClient.invalidateQueries({ queryKey: ['playground', 'experiment', current?.id] });
    },
  });

  const run = () => {
    if (start.isPending || running) return;
    setAttempted(true);
    setFormError(null);
    setServerErrors({});
    const built = buildCreateInput(draft, { name, now: new Date() });
    if (!built.ok) {
      setFormError('Some fields need attention: see the highlighted ones.');
      focusFirstError(formRef.current, built.errors);
      return;
    }
    start.mutate(built.input);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    run();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    // Ctrl/Cmd+Enter runs from any field (but not from dialogs portalled out of the form).
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && formRef.current?.contains(e.target as Node)) {
      e.preventDefault();
      run();
    }
  };

  const messages = useMemo(() => templateMessages(draft.messages), [draft.messages]);
  const variables = useMemo(() => extractVariables(messages), [messages]);
  const coverageVersion = draft.versionMode === 'original' ? draft.originalVersion
    : draft.versionMode === 'at' && draft.versionAt && !Number.isNaN(new Date(draft.versionAt).getTime()) ? new Date(draft.versionAt).toISOString()
    : null;

  const estimateRequest = useMemo(() => estimateRequestFromDraft(draft, coverageVersion), [draft, coverageVersion]);
  const base = useMemo(() => variantBase(draft), [draft]);
  const savedRef = promptRefFor(draft);
  const savedName = savedRef && prompts.find((p) => p.id === savedRef.promptId)?.name;
  const firstRow = {
    prompt: `The prompt in the editor${savedName ? ` (${savedName} · v${savedRef.promptVersion})` : ''}`,
    model: `${providers.find((p) => p.id === draft.providerConnectionId)?.name ?? 'No provider'} · ${draft.model.trim() || 'no model yet'}`,
    params: `As set above: ${describeParams(base.params)}`,
  };

  const runButton = running
    ? (
      <Button variant="danger-outline" onClick={() => current && stop.mutate(current.id)} disabled={stop.isPending} className="min-w-24">
        <StopIcon />{stop.isPending ? 'Stopping…' : 'Stop'}
      </Button>
    )
    : (
      <Button type="submit" form="playground-form" variant="primary" disabled={start.isPending} className="min-w-24"
        title="Run the prompt over the dataset (Ctrl+Enter)" aria-describedby={formError ? 'pg-run-error' : undefined}>
        <PlayIcon />{start.isPending ? 'Starting…' : 'Run'}
      </Button>
    );

  return (
    <>
      {/* Sticky, so Run / Stop stays in reach however far the form or the results scroll (below the
          phone-size top bar, h-12, under 1024 px). */}
      <div className="sticky top-12 z-20 lg:top-0 bg-white/95 backdrop-blur supports-[backdrop-filter]:bg-white/80 dark:bg-zinc-950/95 dark:supports-[backdrop-filter]:bg-zinc-950/80">
      <PageHeader
        title="Playground"
        crumbs={[{ label: 'Playground' }]}
        description={source
          ? <>Opened from <a className="font-medium text-zinc-700 underline-offset-2 hover:underline dark:text-zinc-300" href={`/experiments/${source.id}`}>{source.name}</a>: change anything and run it again.</>
          : 'Try a prompt on a dataset and watch the results come in row by row.'}
        actions={
          // A refused Run says why right under the button, inside the sticky header: in view however far the page is scrolled.
          <div className="flex flex-col items-end gap-1.5">
            <div className="flex items-center gap-3">
              <span className="hidden text-xs text-zinc-500 lg:inline dark:text-zinc-400">{draft.record ? 'Recorded: keeps running if you leave this page' : 'Not recorded: stops when you leave this page'}</span>
              {runButton}
            </div>
            <ActionError id="pg-run-error" message={formError} className="text-right" />
          </div>
        }
      />
      </div>
      <PageBody>
        {sourceMissing && (
          <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-800 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-300">
            The experiment to open was not found (it may have been deleted): the playground starts from the demo prompt instead.
          </p>
        )}
        <form id="playground-form" ref={formRef} onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label="Playground"
          className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(20rem,24rem)]">
          <section aria-labelledby="pg-prompt-heading" className="min-w-0 space-y-3">
            <div className="flex min-h-7 flex-wrap items-center justify-between gap-3">
              <h2 id="pg-prompt-heading" className="text-sm font-semibold">Prompt</h2>
              <PromptLibrary form={form} prompts={prompts}
                onSaved={(p) => {
                  setPrompts((all) => [...all.filter((x) => x.id !== p.id), p].sort((a, b) => a.name.localeCompare(b.name)));
                  setPromptVersions((all) => (all.some((v) => v.promptId === p.id && v.version === p.version) ? all
                    : [{ promptId: p.id, name: p.name, version: p.version, messages: p.messages }, ...all].sort((a, b) => a.name.localeCompare(b.name) || b.version - a.version)));
                }} />
            </div>
            <PromptEditor form={form} />
            <div className="rounded-lg border border-zinc-200 bg-zinc-50/60 px-3 py-2.5 dark:border-zinc-800 dark:bg-zinc-900/30">
              <VariableCoverageChips variables={variables} datasetId={draft.datasetId} version={coverageVersion} />
            </div>
            <PromptPreview messages={messages} datasetId={draft.datasetId} version={coverageVersion} />
          </section>
          <aside aria-label="Settings" className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-zinc-50/40 dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/30">
            <ModelSettings form={form} providers={providers} />
            <PanelGroup title="Variants" id="pg-variants-group">
              <VariantsEditor idPrefix="pg" value={draft.variants} onChange={(variants) => update({ variants })} base={base}
                providers={providers} promptVersions={promptVersions} firstRow={firstRow} error={error} touch={touch} />
            </PanelGroup>
            <DataSettings form={form} datasets={datasets} sourceName={source?.name ?? null} />
            <EvaluatorsEditor form={form} providers={providers} />
            <RunSettings form={form} name={name} onNameChange={(n) => { setEditedName(n); setServerErrors(({ name: _taken, ...rest }) => rest); }} />
            <div className="p-3"><CostEstimate request={estimateRequest} /></div>
          </aside>
        </form>
        {gone && (
          <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-800 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-300">
            The experiment “{current?.name}” no longer exists: it was deleted. Run again to start a new one.
          </p>
        )}
        <Results current={current} summary={summary} runs={stream.runs} streamError={gone ? null : stream.error} />
      </PageBody>
    </>
  );
}

/** Moves focus to the first field (in page order) that has an error, clear of the sticky header. */
function focusFirstError(form: HTMLFormElement | null, errors: Record<string, string>) {
  if (!form) return;
  requestAnimationFrame(() => {
    const fields = form.querySelectorAll<HTMLElement>('[data-error-key]');
    for (const el of fields) {
      if (errors[el.dataset.errorKey!]) { focusField(el); return; }
    }
  });
}
