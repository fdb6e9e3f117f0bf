import { describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { parseVariableList } from './params';

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
});
