import { describe, expect, it } from 'vitest';
import { budgetConfigFields, parseBudgetText, stoppedByBudget } from './budget-form';
import { experimentConfigSchema } from './config';

describe('budget cap text', () => {
  it('reads dollars as typed, and empty as no cap', () => {
    expect(parseBudgetText('')).toEqual({ ok: true, value: null });
    expect(parseBudgetText('  ')).toEqual({ ok: true, value: null });
    expect(parseBudgetText('$5')).toEqual({ ok: true, value: 5 });
    expect(parseBudgetText(' 1,250.5 ')).toEqual({ ok: true, value: 1250.5 });
    expect(parseBudgetText('0.0005')).toEqual({ ok: true, value: 0.0005 });
  });

  it('refuses what the config schema refuses, with the same message', () => {
    for (const text of ['0', '-1', '1000001']) {
      const local = parseBudgetText(text);
      const server = experimentConfigSchema.shape.budgetUsd.safeParse(Number(text));
      expect(local.ok).toBe(false);
      expect(server.success).toBe(false);
      expect(!local.ok && local.error).toBe(server.error?.issues[0].message);
    }
    expect(parseBudgetText('5 dollars')).toEqual({ ok: false, error: 'The budget cap must be an amount in dollars, like 5 or 0.50' });
  });
});

describe('config fields', () => {
  it('leaves out no cap and the auto cache, so the defaults stay the runner’s', () => {
    expect(budgetConfigFields(null, 'auto')).toEqual({});
    expect(budgetConfigFields(2, 'off')).toEqual({ budgetUsd: 2, cache: 'off' });
  });

  it('tells a budget stop from another reason', () => {
    expect(stoppedByBudget('Budget reached: $0.00108 of $0.00108')).toBe(true);
    expect(stoppedByBudget('The provider connection was deleted')).toBe(false);
    expect(stoppedByBudget(null)).toBe(false);
  });
});
