import { describe, expect, it } from 'vitest';
import { withoutTrailingSlashes } from './connections';

describe('withoutTrailingSlashes', () => {
  it('drops only the trailing slashes', () => {
    expect(withoutTrailingSlashes('https://api.openai.com/v1/')).toBe('https://api.openai.com/v1');
    expect(withoutTrailingSlashes('http://h/v1///')).toBe('http://h/v1');
    expect(withoutTrailingSlashes('http://h/v1')).toBe('http://h/v1');
    expect(withoutTrailingSlashes('///')).toBe('');
  });

  // /\/+$/ retries from every slash of a long run that does not end the text: quadratic. The
  // timeout is the failure mode.
  it('is linear on a long run of inner slashes', { timeout: 10_000 }, () => {
    const url = `http://h/${'/'.repeat(300_000)}v1/`;
    expect(withoutTrailingSlashes(url).length).toBe(url.length - 1);
  });
});
