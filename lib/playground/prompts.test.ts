import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../tests/helpers/db';
import { UserError } from '../errors';
import { listPromptVersions, listSavedPrompts, PROMPT_VERSIONS_LISTED, savePromptVersion } from './prompts';

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.drop(); });

const v1 = [{ role: 'user' as const, content: '{{question}}' }];
const v2 = [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: '{{question}}' }];

describe('saved prompts', () => {
  it('saves versions under a name, skipping a save that changes nothing', async () => {
    expect(await savePromptVersion(t.db, { name: ' qa ', messages: v1 })).toMatchObject({ name: 'qa', version: 1, created: true });
    expect(await savePromptVersion(t.db, { name: 'qa', messages: v1 })).toMatchObject({ version: 1, created: false });
    expect(await savePromptVersion(t.db, { name: 'qa', messages: v2 })).toMatchObject({ version: 2, created: true, messages: v2 });
    await savePromptVersion(t.db, { name: 'another', messages: v1 });

    const list = await listSavedPrompts(t.db);
    expect(list.map((p) => [p.name, p.version])).toEqual([['another', 1], ['qa', 2]]);
    expect(list[1].messages).toEqual(v2);
  });

  it('offers every version of each prompt for variants, newest first, up to the newest few', async () => {
    const versions = await listPromptVersions(t.db);
    expect(versions.map((v) => [v.name, v.version])).toEqual([['another', 1], ['qa', 2], ['qa', 1]]);
    expect(versions[2].messages).toEqual(v1);
    for (let i = 0; i < PROMPT_VERSIONS_LISTED + 2; i++) await savePromptVersion(t.db, { name: 'long', messages: [{ role: 'user', content: `take ${i}` }] });
    const long = (await listPromptVersions(t.db)).filter((v) => v.name === 'long');
    expect(long).toHaveLength(PROMPT_VERSIONS_LISTED);
    expect(long[0].version).toBe(PROMPT_VERSIONS_LISTED + 2);
  });

  it('gives concurrent saves consecutive versions', async () => {
    const saves = await Promise.all([1, 2, 3].map((i) => savePromptVersion(t.db, { name: 'busy', messages: [{ role: 'user', content: `v${i}` }] })));
    expect(saves.map((s) => s.version).sort()).toEqual([1, 2, 3]);
  });

  it('refuses an unusable prompt with a readable message', async () => {
    await expect(savePromptVersion(t.db, { name: 'x', messages: [{ role: 'system', content: 'only system' }] })).rejects.toThrow(/at least one user message/);
    await expect(savePromptVersion(t.db, { name: '', messages: v1 })).rejects.toBeInstanceOf(UserError);
  });
});
