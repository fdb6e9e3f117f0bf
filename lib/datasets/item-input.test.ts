import { describe, expect, it } from 'vitest';
import { parseJsonField } from './item-input';

describe('parseJsonField', () => {
  it('tells JSON from plain text by its first character', () => {
    expect(parseJsonField('What is 2 + 2?', 'input')).toEqual({ ok: true, value: 'What is 2 + 2?' });
    expect(parseJsonField(' {"a": 1} ', 'input')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonField('[1,', 'input')).toMatchObject({ ok: false, error: expect.stringMatching(/^Input is not valid JSON: /) });
    expect(parseJsonField('"open', 'expected')).toMatchObject({ ok: false, error: expect.stringMatching(/^Expected output is not valid JSON: /) });
  });

  it('refuses an input with nothing to prompt on, as imports skip such rows', () => {
    const refused = { ok: false, error: expect.stringMatching(/^Input has no value: /) };
    for (const text of ['{}', '[]', '"  "', '{"question": "", "context": null}', '{"q": []}']) {
      expect({ text, parsed: parseJsonField(text, 'input') }).toMatchObject({ text, parsed: refused });
    }
    expect(parseJsonField('', 'input')).toMatchObject({ ok: false, error: expect.stringMatching(/^Input is required/) });
    expect(parseJsonField('{"question": "", "n": 0}', 'input')).toEqual({ ok: true, value: { question: '', n: 0 } });
    expect(parseJsonField('[1]', 'input')).toEqual({ ok: true, value: [1] });
    // Expected output may be empty: it is optional.
    expect(parseJsonField('{}', 'expected')).toEqual({ ok: true, value: {} });
  });

  it('reports a long broken field on one line, in linear time', { timeout: 10_000 }, () => {
    const text = `{"a": ${'\n \t'.repeat(60_000)}`;
    const parsed = parseJsonField(text, 'metadata');
    expect(parsed.ok).toBe(false);
    const error = (parsed as { error: string }).error;
    expect(error.startsWith('Metadata must be a JSON object: ')).toBe(true);
    expect(error.includes('\n')).toBe(false);
    expect(error.length).toBeLessThan(500);
  });
});
