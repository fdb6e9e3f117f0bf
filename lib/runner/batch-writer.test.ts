import { describe, expect, it } from 'vitest';
import { BatchWriter } from './batch-writer';

/** A writer whose writes finish only when the test releases them (a gate per write). */
function gatedWriter(fail: (items: string[]) => Error | null = () => null) {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  const writer = new BatchWriter<string, string>(
    async (items) => {
      calls.push(items);
      await new Promise<void>((r) => gates.push(r));
      const err = fail(items);
      if (err) throw err;
      return items.map((i) => `ok:${i}`);
    },
    { maxBatch: 3, key: (i) => i.split('#')[0] },
    (err) => !(err as Error).message.startsWith('transient'),
  );
  const openNext = async () => {
    while (!gates.length) await new Promise((r) => setTimeout(r, 1));
    gates.shift()!();
  };
  return { writer, calls, openNext };
}

describe('BatchWriter', () => {
  it('writes the first item at once and groups what arrives while that write is on the wire', async () => {
    const { writer, calls, openNext } = gatedWriter();
    const first = writer.write('a');
    const rest = ['b', 'c', 'd', 'e'].map((i) => writer.write(i));
    expect(calls).toEqual([['a']]);
    await openNext();
    expect(await first).toBe('ok:a');
    await openNext();
    await openNext();
    expect(await Promise.all(rest)).toEqual(['ok:b', 'ok:c', 'ok:d', 'ok:e']);
    // At most maxBatch per write.
    expect(calls).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });

  it('never puts two items with the same key in one write', async () => {
    const { writer, calls, openNext } = gatedWriter();
    const all = ['x', 'k#1', 'k#2', 'm'].map((i) => writer.write(i));
    await openNext();
    await openNext();
    await openNext();
    await Promise.all(all);
    expect(calls).toEqual([['x'], ['k#1', 'm'], ['k#2']]);
  });

  it('a broken item fails alone: the others of its batch are written one by one', async () => {
    const { writer, calls, openNext } = gatedWriter((items) => (items.includes('bad') ? new Error('invalid input') : null));
    const first = writer.write('a');
    const batch = ['b', 'bad', 'c'].map((i) => writer.write(i).then((v) => v, (e: Error) => `rejected:${e.message}`));
    for (let i = 0; i < 5; i++) await openNext();
    await first;
    expect(await Promise.all(batch)).toEqual(['ok:b', 'rejected:invalid input', 'ok:c']);
    expect(calls).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  });

  it('an error that concerns the whole write (e.g. the database is away) rejects the batch as is', async () => {
    const { writer, calls, openNext } = gatedWriter((items) => (items.length > 1 ? new Error('transient: connection lost') : null));
    const first = writer.write('a');
    const batch = ['b', 'c'].map((i) => writer.write(i).then((v) => v, (e: Error) => e.message));
    await openNext();
    await openNext();
    await first;
    expect(await Promise.all(batch)).toEqual(['transient: connection lost', 'transient: connection lost']);
    expect(calls).toHaveLength(2);
  });
});
