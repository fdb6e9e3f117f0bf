import { describe, expect, it } from 'vitest';
import { keptResponse, keptText } from './kept-response';
import { LIMITS } from '../limits';

describe('keptResponse', () => {
  it('keeps a response that fits whole', () => {
    const response = { id: 'x', choices: [{ message: { content: 'hi' } }] };
    expect(keptResponse(response)).toBe(response);
  });

  it('keeps the size and head of a response past the limit', () => {
    const response = { choices: [{ message: { content: 'y'.repeat(LIMITS.responseKeptChars) } }] };
    const json = JSON.stringify(response);
    const kept = keptResponse(response) as { truncated: boolean; chars: number; head: string };
    expect(kept).toMatchObject({ truncated: true, chars: json.length });
    expect(kept.head.length).toBe(LIMITS.responseKeptChars);
    expect(json.startsWith(kept.head)).toBe(true);
  });

  it('never cuts a surrogate pair in half', () => {
    const kept = keptResponse({ t: '😀'.repeat(10) }, 7) as { head: string };
    expect(kept.head).toBe('{"t":"'); // 6 units; the 7th is the first half of a pair
    expect(keptText('a😀b', 2)).toBe('a… [truncated: 4 characters in all]');
  });
});

describe('keptText', () => {
  it('marks what was cut', () => {
    expect(keptText('short')).toBe('short');
    expect(keptText('abcdef', 3)).toBe('abc… [truncated: 6 characters in all]');
  });
});
