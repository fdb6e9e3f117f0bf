import { describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { parseLimit, parseUuidParam, parseVariableList, parseVersionParam } from './params';

describe('route parameters', () => {
  it('parses a variable list: trimmed, de-duplicated, empty entries dropped', () => {
    expect(parseVariableList(null)).toEqual([]);
    expect(parseVariableList(' question , context,,question')).toEqual(['question', 'context']);
  });

  it('refuses names that are not template variables', () => {
    expect(() => parseVariableList('ok,a.b')).toThrow(UserError);
    expect(() => parseVariableList('drop table')).toThrow(/not a variable name/);
    expect(() => parseVariableList(Array.from({ length: 51 }, (_, i) => `v${i}`).join(','))).toThrow(/At most 50/);
  });

  it('parses a version; absent means latest', () => {
    expect(parseVersionParam(null)).toBeNull();
    expect(parseVersionParam('2026-01-02T03:04:05.000Z')?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(() => parseVersionParam('soon')).toThrow(UserError);
  });

  it('requires ids to be uuids', () => {
    expect(parseUuidParam('00000000-0000-4000-8000-000000000001', 'datasetId')).toBe('00000000-0000-4000-8000-000000000001');
    expect(() => parseUuidParam(null, 'datasetId')).toThrow(/datasetId is missing/);
    expect(() => parseUuidParam('42', 'datasetId')).toThrow(UserError);
  });

  it('clamps limits', () => {
    expect(parseLimit(null, 200, 1000)).toBe(200);
    expect(parseLimit('abc', 200, 1000)).toBe(200);
    expect(parseLimit('0', 200, 1000)).toBe(1);
    expect(parseLimit('5000', 200, 1000)).toBe(1000);
    expect(parseLimit('12.7', 200, 1000)).toBe(12);
  });
});
