import { afterAll, describe, expect, it } from 'vitest';
import { CodeEvaluatorPool, EvaluatorTimeoutError, INLINE_MAX_CHARS } from './code-evaluator-pool';
import { runCodeEvaluator } from './code-evaluators';
import type { CodeEvaluatorConfig } from './types';

const pool = new CodeEvaluatorPool({ threads: 1, limitMs: 500 });
afterAll(() => pool.close());

const similarity: CodeEvaluatorConfig = { name: 'sim', type: 'string_similarity' } as CodeEvaluatorConfig;
const exact: CodeEvaluatorConfig = { name: 'exact', type: 'exact_match' } as CodeEvaluatorConfig;

describe('code evaluators off the main thread', () => {
  it('small inputs give the same result as running inline', async () => {
    const ctx = { input: 'q', output: 'kitten', expected: 'sitting' };
    expect(await pool.run(similarity, ctx)).toEqual(runCodeEvaluator(similarity, ctx));
  });

  it('a large input is scored on the thread', async () => {
    const big = 'x'.repeat(INLINE_MAX_CHARS * 2);
    expect(await pool.run(exact, { input: 'q', output: big, expected: big })).toEqual(runCodeEvaluator(exact, { input: 'q', output: big, expected: big }));
  });

  it('one that runs too long is stopped with a clear error while the event loop stays free, and the pool goes on', async () => {
    // Edit distance between two 200,000-character texts: minutes of synchronous work.
    const pending = pool.run(similarity, { input: 'q', output: 'a'.repeat(200_000), expected: 'b'.repeat(200_000) });
    const order: string[] = [];
    const tick = new Promise<void>((r) => setTimeout(() => { order.push('timer'); r(); }, 50));
    const outcome = pending.then(() => 'resolved', (err) => { order.push('settled'); return err; });
    await tick;
    const err = await outcome;
    expect(order).toEqual(['timer', 'settled']); // the main thread ran a timer while it worked
    expect(err).toBeInstanceOf(EvaluatorTimeoutError);
    expect(String(err.message)).toMatch(/Evaluator "sim" took longer than 0.5 s on 400,001 characters of input and was stopped/);
    const big = 'y'.repeat(INLINE_MAX_CHARS * 2);
    expect((await pool.run(exact, { input: 'q', output: big, expected: big })).score).toBe(1);
  });
});
