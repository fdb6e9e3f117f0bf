import { describe, expect, it } from 'vitest';
import { parseExperimentEvent } from './notifications';

const id = '0b7c6f5e-8a43-4d0e-9a51-2f0f3d1c9a10';

describe('experiment notices', () => {
  it('reads the notices the web side sends', () => {
    expect(parseExperimentEvent(JSON.stringify({ kind: 'queued', id }))).toEqual({ kind: 'queued', id });
    expect(parseExperimentEvent(JSON.stringify({ kind: 'stopped', id }))).toEqual({ kind: 'stopped', id });
    expect(parseExperimentEvent(JSON.stringify({ kind: 'revoked', id }))).toEqual({ kind: 'revoked', id });
    expect(parseExperimentEvent(JSON.stringify({ kind: 'ping', worker: 'worker-1', token: 'ab' }))).toEqual({ kind: 'ping', worker: 'worker-1', token: 'ab' });
  });

  it('ignores anything else on the channel instead of throwing', () => {
    expect(parseExperimentEvent('not json')).toBeNull();
    expect(parseExperimentEvent(JSON.stringify({ kind: 'queued', id: 'nope' }))).toBeNull();
    expect(parseExperimentEvent(JSON.stringify({ kind: 'explode', id }))).toBeNull();
    expect(parseExperimentEvent('null')).toBeNull();
  });
});
