import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobs, parseJobPayload, upgradePayload } from './jobs';

const id = '0b6f3a52-3f7e-4d0e-9a8e-6f1f2a9c1d11';

describe('job payload versions', () => {
  it('stamps the current version on what a sender passes', () => {
    expect(jobs['experiment-run'].schema.parse({ experimentId: id })).toEqual({ v: 1, experimentId: id });
  });

  it('reads a payload queued before versioning (no v) as version 1', () => {
    expect(parseJobPayload('experiment-run', { experimentId: id })).toEqual({ v: 1, experimentId: id });
    expect(parseJobPayload('evaluation-retry', { evaluationId: id, attempt: 2, firstAttemptAt: 5 }))
      .toEqual({ v: 1, evaluationId: id, attempt: 2, firstAttemptAt: 5 });
  });

  it('refuses a payload from a newer deploy, naming both versions', () => {
    expect(() => parseJobPayload('experiment-run', { v: 2, experimentId: id }))
      .toThrow('Job "experiment-run": payload version 2 is newer than this worker understands (1)');
  });

  it('refuses payloads that are not objects or have a malformed version', () => {
    expect(() => parseJobPayload('experiment-run', null)).toThrow('payload must be an object');
    expect(() => parseJobPayload('experiment-run', { v: '1', experimentId: id })).toThrow('payload version must be a whole number');
    expect(() => parseJobPayload('experiment-run', { v: 1, experimentId: 'nope' })).toThrow();
  });

  it('upgrades an old payload step by step to the current schema', () => {
    // A job whose payload renamed `id` to `experimentId` (v2) and then added `reason` (v3).
    const def = {
      version: 3,
      schema: z.object({ v: z.literal(3), experimentId: z.string(), reason: z.string() }),
      upgrades: {
        1: ({ id: old, ...rest }: Record<string, unknown>) => ({ ...rest, experimentId: old }),
        2: (p: Record<string, unknown>) => ({ ...p, reason: 'start' }),
      },
    };
    expect(upgradePayload('x', def, { id: 'e1' })).toEqual({ v: 3, experimentId: 'e1', reason: 'start' });
    expect(upgradePayload('x', def, { v: 2, experimentId: 'e2' })).toEqual({ v: 3, experimentId: 'e2', reason: 'start' });
    expect(upgradePayload('x', def, { v: 3, experimentId: 'e3', reason: 'resume' })).toEqual({ v: 3, experimentId: 'e3', reason: 'resume' });
    expect(() => upgradePayload('x', { ...def, upgrades: { 1: def.upgrades[1] } }, { v: 2, experimentId: 'e' }))
      .toThrow('no upgrade from payload version 2');
  });
});
