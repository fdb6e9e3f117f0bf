import { describe, expect, it } from 'vitest';
import { WorkQueues } from './work-queues';

interface Task { id: string; provider: string }
interface Evaluation { id: string; provider: string }
const task = (id: string, provider = 'p1'): Task => ({ id, provider });
const evaluation = (id: string, provider = 'p1'): Evaluation => ({ id, provider });

function idsOf(queues: WorkQueues<Task, Evaluation>, now: number, canTake?: (item: Task | Evaluation) => boolean) {
  const out: string[] = [];
  for (let next = queues.takeNext(now, canTake); next; next = queues.takeNext(now, canTake)) {
    out.push(`${next.kind}:${next.item.id}`);
  }
  return out;
}

describe('WorkQueues', () => {
  it('serves evals, then due retries by readyAt, then tasks in FIFO order', () => {
    const queues = new WorkQueues<Task, Evaluation>();
    queues.pushTask(task('t1'));
    queues.pushTask(task('t2'));
    queues.scheduleRetry(task('r-late'), 'task', 300);
    queues.scheduleRetry(evaluation('r-early'), 'eval', 100);
    queues.scheduleRetry(task('r-future'), 'task', 10_000);
    queues.pushEval(evaluation('e1'));
    expect(queues.pendingCount).toBe(6);
    expect(queues.retryCount).toBe(3);
    expect(idsOf(queues, 500)).toEqual(['eval:e1', 'eval:r-early', 'task:r-late', 'task:t1', 'task:t2']);
    expect(queues.pendingCount).toBe(1);
    expect(queues.takeNext(9_999)).toBeNull();
    expect(queues.isEmpty()).toBe(false);
    expect(idsOf(queues, 10_000)).toEqual(['task:r-future']);
  });

  it('does not hand out a retry before its readyAt', () => {
    const queues = new WorkQueues<Task, Evaluation>();
    queues.scheduleRetry(task('r'), 'task', 1000);
    expect(queues.takeNext(999)).toBeNull();
    expect(queues.takeNext(1000)).toEqual({ kind: 'task', item: task('r') });
    expect(queues.retryCount).toBe(0);
    expect(queues.isEmpty()).toBe(true);
  });

  it('skips items whose provider cannot take work instead of blocking behind them', () => {
    const queues = new WorkQueues<Task, Evaluation>();
    queues.pushEval(evaluation('e-throttled', 'judge'));
    queues.scheduleRetry(task('r-throttled', 'judge'), 'task', 0);
    queues.scheduleRetry(task('r-ok'), 'task', 5);
    queues.pushTask(task('t1'));
    const notJudge = (item: Task | Evaluation) => item.provider !== 'judge';
    expect(idsOf(queues, 10, notJudge)).toEqual(['task:r-ok', 'task:t1']);
    // The skipped items kept their places and come out once their provider has capacity.
    expect(queues.pendingCount).toBe(2);
    expect(queues.retryCount).toBe(1);
    expect(idsOf(queues, 10)).toEqual(['eval:e-throttled', 'task:r-throttled']);
  });

  it('serves task lanes (variants) in turn, and passes over a lane whose provider is throttled', () => {
    const queues = new WorkQueues<Task, Evaluation>();
    for (let i = 1; i <= 3; i++) queues.pushTask(task(`a${i}`, 'fast'), 0);
    for (let i = 1; i <= 3; i++) queues.pushTask(task(`b${i}`, 'fast'), 1);
    for (let i = 1; i <= 2; i++) queues.pushTask(task(`c${i}`, 'slow'), 2);
    expect(queues.tasksIn(0)).toBe(3);
    expect(queues.tasksIn(2)).toBe(2);
    expect(queues.tasksIn(7)).toBe(0);
    // One provider shared by lanes 0 and 1 alternates between them; the throttled lane 2 holds nobody up.
    expect(idsOf(queues, 0, (item) => item.provider !== 'slow')).toEqual(['task:a1', 'task:b1', 'task:a2', 'task:b2', 'task:a3', 'task:b3']);
    expect(idsOf(queues, 0)).toEqual(['task:c1', 'task:c2']);
    expect(queues.isEmpty()).toBe(true);
  });

  it('passes the kind to canTake', () => {
    const queues = new WorkQueues<Task, Evaluation>();
    queues.pushEval(evaluation('e'));
    queues.pushTask(task('t'));
    const seen: string[] = [];
    const next = queues.takeNext(0, (item, kind) => {
      seen.push(`${kind}:${item.id}`);
      return kind === 'task';
    });
    expect(next).toEqual({ kind: 'task', item: task('t') });
    expect(seen).toEqual(['eval:e', 'task:t']);
  });

  it('orders many retries correctly (heap), FIFO among equal readyAt', () => {
    const queues = new WorkQueues<Task, Evaluation>();
    const readyAts = Array.from({ length: 200 }, (_, i) => (i * 7919) % 101);
    readyAts.forEach((readyAt, i) => queues.scheduleRetry(task(`${readyAt}-${i}`), 'task', readyAt));
    const taken: Array<[number, number]> = [];
    for (let next = queues.takeNext(1000); next; next = queues.takeNext(1000)) {
      const [readyAt, index] = next.item.id.split('-').map(Number);
      taken.push([readyAt, index]);
    }
    expect(taken).toHaveLength(200);
    const sorted = [...taken].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(taken).toEqual(sorted);
  });

  it('bounds the scan past non-takeable items', () => {
    const queues = new WorkQueues<Task, Evaluation>({ maxScan: 3 });
    for (let i = 0; i < 5; i++) queues.pushTask(task(`blocked${i}`, 'judge'));
    queues.pushTask(task('deep'));
    let calls = 0;
    const next = queues.takeNext(0, (item) => {
      calls++;
      return item.provider !== 'judge';
    });
    expect(next).toBeNull();
    expect(calls).toBe(3);
  });

  it('keeps FIFO order over a long run of pushes and takes', () => {
    const queues = new WorkQueues<Task, Evaluation>();
    let pushed = 0;
    let expected = 0;
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < 50; i++) queues.pushTask(task(String(pushed++)));
      for (let i = 0; i < 40; i++) expect(queues.takeNext(0)?.item.id).toBe(String(expected++));
    }
    expect(queues.pendingCount).toBe(pushed - expected);
  });

  it('clear empties everything and returns what was held', () => {
    const queues = new WorkQueues<Task, Evaluation>();
    queues.pushTask(task('t'));
    queues.pushEval(evaluation('e'));
    queues.scheduleRetry(task('r2'), 'task', 20);
    queues.scheduleRetry(evaluation('r1'), 'eval', 10);
    expect(queues.clear().map((w) => `${w.kind}:${w.item.id}`)).toEqual(['eval:e', 'eval:r1', 'task:r2', 'task:t']);
    expect(queues.isEmpty()).toBe(true);
    expect(queues.retryCount).toBe(0);
    expect(queues.takeNext(100)).toBeNull();
  });
});
