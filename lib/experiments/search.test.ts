import { describe, expect, it } from 'vitest';
import { likeContains } from './search';

describe('likeContains', () => {
  it('wraps the text in wildcards', () => {
    expect(likeContains('gpt run')).toBe('%gpt run%');
  });
  it("escapes LIKE's wildcards and its escape character, so they match themselves", () => {
    expect(likeContains('50%_off\\x')).toBe('%50\\%\\_off\\\\x%');
  });
});
