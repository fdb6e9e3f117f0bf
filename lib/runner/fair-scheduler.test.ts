import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock';
import { FairScheduler, type Schedulable } from './fair-scheduler';

/** An experiment with a fixed list of jobs; `blocked` simulates an empty provider bucket. */
class FakeExperiment implements Schedulable<string> {
  blocked = false;
  constructor(readonly id: string, private readonly jobs: string[]) {}
  tryTakeReadyJob(): string | null {
    if (this.blocked) return null;
    return this.jobs.shift() ?? null;
  }
}

function jobsOf(id: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${id}${i}`);
}

function drain(scheduler: FairScheduler<string>, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < max; i++) {
    const next = scheduler.next();
    if (!next) break;
    out.push(next.job);
  }
  return out;
}

describe('FairScheduler', () => {
  it('alternates between two experiments even within the same millisecond', () => {
    const scheduler = new FairScheduler<string>({ clock: new FakeClock(1000) });
    scheduler.add(new FakeExperiment('a', jobsOf('a', 3)));
    scheduler.add(new FakeExperiment('b', jobsOf('b', 3)));
    expect(drain(scheduler, 10)).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
    expect(scheduler.next()).toBeNull();
  });

  it('skips an empty experiment among three and keeps rotating the others', () => {
    const scheduler = new FairScheduler<string>({ clock: new FakeClock() });
    scheduler.add(new FakeExperiment('a', jobsOf('a', 2)));
    scheduler.add(new FakeExperiment('empty', []));
    scheduler.add(new FakeExperiment('c', jobsOf('c', 2)));
    const first = scheduler.next();
    expect(first).toEqual({ experimentId: 'a', job: 'a0' });
    expect(drain(scheduler, 10)).toEqual(['c0', 'a1', 'c1']);
  });

  it('serves a newly added experiment next', () => {
    const clock = new FakeClock();
    const scheduler = new FairScheduler<string>({ clock });
    scheduler.add(new FakeExperiment('a', jobsOf('a', 5)));
    scheduler.add(new FakeExperiment('b', jobsOf('b', 5)));
    expect(drain(scheduler, 3)).toEqual(['a0', 'b0', 'a1']);
    clock.advance(10);
    scheduler.add(new FakeExperiment('new', jobsOf('n', 2)));
    expect(drain(scheduler, 4)).toEqual(['n0', 'b1', 'a2', 'n1']);
  });

  it('lets a blocked experiment keep its place and go first once unblocked', () => {
    const clock = new FakeClock();
    const scheduler = new FairScheduler<string>({ clock });
    const a = new FakeExperiment('a', jobsOf('a', 5));
    scheduler.add(a);
    scheduler.add(new FakeExperiment('b', jobsOf('b', 5)));
    expect(scheduler.next()?.job).toBe('a0');
    a.blocked = true;
    clock.advance(1);
    expect(drain(scheduler, 3)).toEqual(['b0', 'b1', 'b2']);
    a.blocked = false;
    expect(drain(scheduler, 2)).toEqual(['a1', 'b3']);
    expect(scheduler.lastServedAt('a')).toBe(1);
  });

  it('removes experiments and rejects duplicates', () => {
    const scheduler = new FairScheduler<string>();
    scheduler.add(new FakeExperiment('a', jobsOf('a', 5)));
    scheduler.add(new FakeExperiment('b', jobsOf('b', 5)));
    expect(() => scheduler.add(new FakeExperiment('a', []))).toThrow();
    expect(scheduler.size).toBe(2);
    expect(scheduler.remove('a')).toBe(true);
    expect(scheduler.remove('a')).toBe(false);
    expect(scheduler.has('a')).toBe(false);
    expect(scheduler.size).toBe(1);
    expect(drain(scheduler, 2)).toEqual(['b0', 'b1']);
  });
});
