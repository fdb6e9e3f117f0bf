import { Worker } from 'node:worker_threads';
import { runCodeEvaluator } from './code-evaluators';
import type { CodeEvaluatorConfig, EvaluationContext, EvaluationResult } from './types';

/**
 * Code evaluators on large inputs run on a worker thread with a time limit, so that no output,
 * however long, can hold the worker's event loop (its heartbeat, its other experiments) for more
 * than a moment: an edit distance between two 100,000-character texts, or a big RE2 program over
 * a long output, takes seconds. Small inputs (nearly all of them) run inline: that costs nothing.
 */
export const INLINE_MAX_CHARS = 8_000;
export const EVALUATOR_TIME_LIMIT_MS = 2_000;

/** Two 100,000-character texts and an edit-distance table fit in this many times over. */
const THREAD_HEAP_MB = 128;

export class EvaluatorTimeoutError extends Error {
  constructor(name: string, chars: number, limitMs: number) {
    super(`Evaluator "${name}" took longer than ${limitMs / 1000} s on ${chars.toLocaleString('en-US')} characters of input and was stopped`);
    this.name = 'EvaluatorTimeoutError';
  }
}

interface Task {
  id: number; config: CodeEvaluatorConfig; ctx: EvaluationContext; chars: number;
  resolve: (r: EvaluationResult) => void; reject: (e: Error) => void;
}

class Lane {
  private worker: Worker | null = null;
  private current: { task: Task; timer: NodeJS.Timeout } | null = null;
  private static readonly START_LIMIT_MS = 60_000;

  constructor(private readonly onIdle: () => void, private readonly limitMs: number) {}

  get busy() { return this.current !== null; }

  run(task: Task) {
    const worker = this.ensureWorker();
    // Until the thread says it started, only a generous start-up limit applies.
    this.current = { task, timer: this.stopAfter(worker, Lane.START_LIMIT_MS, () => new Error('The evaluator thread did not start')) };
    worker.postMessage({ id: task.id, config: task.config, ctx: task.ctx });
  }

  private stopAfter(worker: Worker, ms: number, error: (t: Task) => Error): NodeJS.Timeout {
    return setTimeout(() => {
      // The only way to stop synchronous work: end the thread; the next task gets a fresh one.
      this.finish(this.current?.task.id ?? -1, (t) => t.reject(error(t)));
      void worker.terminate();
      if (this.worker === worker) this.worker = null;
    }, ms);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // The thread loads TypeScript: with tsx's loader, which the worker process already has (node
    // --import tsx worker/main.ts) and other hosts (the test runner) get here.
    // Heap flags (the worker's --max-old-space-size) are refused in a thread's execArgv; the
    // thread's heap gets a bound of its own (resourceLimits).
    const inherited = process.execArgv.filter((a) => !/^--max-(old|semi)-space-size/.test(a));
    const execArgv = inherited.some((a) => a.includes('tsx')) ? inherited : [...inherited, '--import', 'tsx'];
    const worker = new Worker(new URL('./code-evaluator-thread.ts', import.meta.url), { execArgv, resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
    worker.unref();
    worker.on('message', (m: { id: number; started?: boolean; result?: EvaluationResult; error?: { name: string; message: string } }) => {
      if (m.started) {
        if (this.current?.task.id !== m.id) return;
        clearTimeout(this.current.timer);
        this.current.timer = this.stopAfter(worker, this.limitMs, (t) => new EvaluatorTimeoutError(t.config.name, t.chars, this.limitMs));
        return;
      }
      this.finish(m.id, (t) => {
        if (m.error) t.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
        else t.resolve(m.result!);
      });
    });
    worker.on('error', (err) => {
      this.finish(this.current?.task.id ?? -1, (t) => t.reject(err));
      if (this.worker === worker) this.worker = null;
    });
    worker.on('exit', () => { if (this.worker === worker) this.worker = null; });
    this.worker = worker;
    return worker;
  }

  private finish(id: number, settle: (t: Task) => void) {
    if (!this.current || this.current.task.id !== id) return;
    const { task, timer } = this.current;
    clearTimeout(timer);
    this.current = null;
    settle(task);
    this.onIdle();
  }

  close() { void this.worker?.terminate(); this.worker = null; }
}

export class CodeEvaluatorPool {
  private readonly lanes: Lane[];
  private readonly queue: Task[] = [];
  private nextId = 1;

  constructor(opts: { threads?: number; limitMs?: number } = {}) {
    this.lanes = Array.from({ length: opts.threads ?? 2 }, () => new Lane(() => this.pump(), opts.limitMs ?? EVALUATOR_TIME_LIMIT_MS));
  }

  run(config: CodeEvaluatorConfig, ctx: EvaluationContext): Promise<EvaluationResult> {
    const chars = sizeOf(ctx);
    if (chars <= INLINE_MAX_CHARS) return Promise.resolve().then(() => runCodeEvaluator(config, ctx));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, config, ctx, chars, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    for (const lane of this.lanes) {
      if (!this.queue.length) return;
      if (!lane.busy) lane.run(this.queue.shift()!);
    }
  }

  close() { for (const lane of this.lanes) lane.close(); }
}

/** Characters of text the evaluator may look at (strings counted whole; other values as JSON). */
function sizeOf(ctx: EvaluationContext): number {
  const len = (v: unknown) => (typeof v === 'string' ? v.length : v === undefined ? 0 : (JSON.stringify(v)?.length ?? 0));
  try {
    return len(ctx.output) + len(ctx.expected) + len(ctx.input);
  } catch {
    return Number.MAX_SAFE_INTEGER; // too deep to serialise here: certainly not one to run inline
  }
}

let shared: CodeEvaluatorPool | undefined;
/** One pool per process. */
export function codeEvaluatorPool(): CodeEvaluatorPool {
  shared ??= new CodeEvaluatorPool();
  return shared;
}
