import { describe, expect, it } from 'vitest';
import { appSecretStartupProblem, isProduction } from './app-secret';

describe('APP_SECRET start-up check', () => {
  it('applies only to production processes', () => {
    expect(isProduction({ NODE_ENV: 'production' })).toBe(true);
    expect(isProduction({ NODE_ENV: 'development' })).toBe(false);
    expect(isProduction({})).toBe(false);
    expect(appSecretStartupProblem({}, false)).toBeNull();
    expect(appSecretStartupProblem({ APP_SECRET: 'short' }, false)).toBeNull();
  });

  it('refuses a missing secret in one line that says what to do', () => {
    const problem = appSecretStartupProblem({}, true)!;
    expect(problem).toMatch(/^APP_SECRET is not set: .*at least 32 characters/);
    expect(problem).toContain('openssl rand');
    expect(problem).not.toContain('\n');
    expect(appSecretStartupProblem({ APP_SECRET: '' }, true)).toBe(problem);
  });

  it('refuses a secret shorter than 32 characters, naming its length and the limit', () => {
    const problem = appSecretStartupProblem({ APP_SECRET: 'x'.repeat(31) }, true)!;
    expect(problem).toMatch(/^APP_SECRET has 31 characters: in production it must have at least 32/);
    expect(problem).toContain('npm run rotate-secret');
    expect(problem).not.toContain('x'.repeat(31));
    expect(appSecretStartupProblem({ APP_SECRET: 'x'.repeat(32) }, true)).toBeNull();
  });
});
