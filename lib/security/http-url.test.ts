import { describe, expect, it } from 'vitest';
import { httpUrlProblem, type HttpUrlRules } from './http-url';

const rules: HttpUrlRules = { what: 'Hook URL', example: 'https://h.example/x', maxChars: 40, credentialsInstead: 'sign instead', query: false };

describe('httpUrlProblem', () => {
  it('names the URL, the limit and the example; never repeats the URL', () => {
    expect(httpUrlProblem(`https://e.com/${'a'.repeat(40)}`, rules)).toBe('Hook URL must be at most 40 characters');
    expect(httpUrlProblem('not a url secret-token', rules)).toBe('Hook URL must be a URL such as https://h.example/x');
    expect(httpUrlProblem('ftp://e.com/', rules)).toBe('Hook URL must start with http:// or https://');
    expect(httpUrlProblem('https://u:secret@e.com/', rules)).toBe('Hook URL must not contain a user name or password: sign instead');
  });

  it('refuses even an empty fragment, and a query unless the rules allow one', () => {
    expect(httpUrlProblem('https://e.com/#', rules)).toBe('Hook URL must not contain a fragment (#)');
    expect(httpUrlProblem('https://e.com/?', rules)).toBe('Hook URL must not contain a query (?)');
    expect(httpUrlProblem('https://e.com/?a=1', { ...rules, query: true })).toBeNull();
    expect(httpUrlProblem('http://127.0.0.1:8080/v1', rules)).toBeNull();
  });
});
