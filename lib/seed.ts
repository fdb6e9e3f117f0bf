import { eq } from 'drizzle-orm';
import type { Db } from './db/client';
import { appSettings, datasetItems, datasets, promptVersions, prompts, providerConnections } from './db/schema';

export const SIMULATOR_PROVIDER_NAME = 'Local simulator';
export const DEMO_DATASET_NAME = 'Demo: quick questions';

const DEMO_ITEMS: { question: string; answer: string }[] = [
  ...[[12, '+', 7], [9, '*', 8], [144, '/', 12], [53, '-', 17], [7, '*', 6], [250, '+', 750], [81, '/', 9], [19, '*', 3], [1000, '-', 1], [6, '+', 15]]
    .map(([a, op, b]) => {
      const x = Number(a), y = Number(b);
      const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
      return { question: `What is ${a} ${op} ${b}?`, answer: String(r) };
    }),
  ...Object.entries({ France: 'Paris', Japan: 'Tokyo', Italy: 'Rome', Canada: 'Ottawa', Kenya: 'Nairobi', Peru: 'Lima', Egypt: 'Cairo', Norway: 'Oslo', Spain: 'Madrid', Germany: 'Berlin' })
    .map(([country, capital]) => ({ question: `What is the capital of ${country}?`, answer: capital })),
  ...['hello world', 'background jobs', 'stop and resume', 'rate limits', 'postgres only']
    .map((t) => ({ question: `uppercase: ${t}`, answer: t.toUpperCase() })),
  ...['level', 'experiment', 'simulator', 'dataset', 'evaluator']
    .map((t) => ({ question: `reverse: ${t}`, answer: [...t].reverse().join('') })),
];

export const DEMO_PROMPT = [
  { role: 'system' as const, content: 'You are a precise assistant. Answer with the result only.' },
  { role: 'user' as const, content: '{{question}}' },
];

/**
 * First start: a provider pointing at the built-in simulator, a demo dataset and a demo prompt, so a
 * new user runs an experiment within a minute with no key. Later starts only refresh the
 * simulator's URL (its port may have changed).
 */
export async function seedFirstRun(db: Db, opts: { simulatorUrl: string }) {
  await db.transaction(async (tx) => {
    await tx.update(providerConnections).set({ baseUrl: opts.simulatorUrl }).where(eq(providerConnections.isSimulator, true));
    const [done] = await tx.select().from(appSettings).where(eq(appSettings.key, 'seeded'));
    if (done) return;
    await tx.insert(providerConnections).values({
      name: SIMULATOR_PROVIDER_NAME, baseUrl: opts.simulatorUrl, isSimulator: true,
    }).onConflictDoNothing();
    const [dataset] = await tx.insert(datasets).values({
      name: DEMO_DATASET_NAME,
      description: 'Arithmetic, capitals and string puzzles with expected answers. The simulator answers them deterministically (and gets about one in ten wrong on purpose).',
    }).onConflictDoNothing().returning();
    if (dataset) {
      await tx.insert(datasetItems).values(DEMO_ITEMS.map((it) => ({
        datasetId: dataset.id, input: { question: it.question }, expectedOutput: { answer: it.answer }, metadata: { source: 'demo' },
      })));
    }
    const [prompt] = await tx.insert(prompts).values({ name: 'Demo: answer the question' }).onConflictDoNothing().returning();
    if (prompt) await tx.insert(promptVersions).values({ promptId: prompt.id, version: 1, messages: DEMO_PROMPT });
    await tx.insert(appSettings).values({ key: 'seeded', value: { at: new Date().toISOString() } });
  });
}
