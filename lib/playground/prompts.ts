import { asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { promptVersions, prompts } from '../db/schema';
import { chatMessageSchema, templateProblems, type ChatMessage } from '../prompts/template';
import { UserError, zodToUserError } from '../errors';

/** A saved prompt with its latest version, for the playground's "Load prompt". */
export interface SavedPrompt { id: string; name: string; version: number; messages: ChatMessage[]; savedAt: string }

export async function listSavedPrompts(db: Db): Promise<SavedPrompt[]> {
  const rows = await db.selectDistinctOn([promptVersions.promptId], {
    id: prompts.id, name: prompts.name, version: promptVersions.version, messages: promptVersions.messages, savedAt: promptVersions.createdAt,
  }).from(promptVersions)
    .innerJoin(prompts, eq(prompts.id, promptVersions.promptId))
    .orderBy(asc(promptVersions.promptId), desc(promptVersions.version));
  return rows
    .map((r) => ({ ...r, messages: r.messages as ChatMessage[], savedAt: r.savedAt.toISOString() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A saved prompt version, offered as another prompt of a variant experiment. */
export interface PromptVersionOption { promptId: string; name: string; version: number; messages: ChatMessage[] }

/** Versions of each prompt offered in the Variants section (the newest). */
export const PROMPT_VERSIONS_LISTED = 20;

/** The newest PROMPT_VERSIONS_LISTED versions of every saved prompt, by name, newest version first. */
export async function listPromptVersions(db: Db): Promise<PromptVersionOption[]> {
  const ranked = db.$with('ranked').as(db.select({
    promptId: promptVersions.promptId, version: promptVersions.version, messages: promptVersions.messages,
    rank: sql<number>`row_number() over (partition by ${promptVersions.promptId} order by ${promptVersions.version} desc)`.as('rank'),
  }).from(promptVersions));
  const rows = await db.with(ranked).select({ promptId: ranked.promptId, name: prompts.name, version: ranked.version, messages: ranked.messages })
    .from(ranked)
    .innerJoin(prompts, eq(prompts.id, ranked.promptId))
    .where(sql`${ranked.rank} <= ${PROMPT_VERSIONS_LISTED}`)
    .orderBy(asc(prompts.name), desc(ranked.version));
  return rows.map((r) => ({ ...r, messages: r.messages as ChatMessage[] }));
}

export const savePromptSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'At most 100 characters'),
  messages: z.array(chatMessageSchema).min(1, 'The prompt has no messages'),
});
export type SavePromptInput = z.input<typeof savePromptSchema>;

const sameMessages = (a: ChatMessage[], b: ChatMessage[]) =>
  a.length === b.length && a.every((m, i) => m.role === b[i].role && m.content === b[i].content);

/**
 * Saves the messages as the next version of the prompt with this name (version 1 of a new prompt).
 * Saving what the latest version already holds creates nothing. The prompt row is locked, so two
 * saves at once get consecutive versions instead of a unique-key error.
 */
export async function savePromptVersion(db: Db, raw: SavePromptInput): Promise<SavedPrompt & { created: boolean }> {
  const parsed = savePromptSchema.safeParse(raw);
  if (!parsed.success) throw zodToUserError(parsed.error);
  const input = parsed.data;
  const problems = templateProblems(input.messages);
  if (problems.length) throw new UserError(problems.join('; '));
  return db.transaction(async (tx) => {
    await tx.insert(prompts).values({ name: input.name }).onConflictDoNothing();
    const [prompt] = await tx.select().from(prompts).where(eq(prompts.name, input.name)).for('update');
    const [latest] = await tx.select().from(promptVersions).where(eq(promptVersions.promptId, prompt.id))
      .orderBy(desc(promptVersions.version)).limit(1);
    if (latest && sameMessages(latest.messages as ChatMessage[], input.messages)) {
      return { id: prompt.id, name: prompt.name, version: latest.version, messages: input.messages, savedAt: latest.createdAt.toISOString(), created: false };
    }
    const [row] = await tx.insert(promptVersions).values({
      promptId: prompt.id, version: (latest?.version ?? 0) + 1, messages: input.messages,
    }).returning();
    return { id: prompt.id, name: prompt.name, version: row.version, messages: input.messages, savedAt: row.createdAt.toISOString(), created: true };
  });
}
