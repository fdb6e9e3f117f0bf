import { describe, expect, it } from 'vitest';
import { webhookInputSchema, webhookUrlProblem } from './api-schemas';
import { generateWebhookSecret } from './generate-secret';

describe('webhook URL and secret checks', () => {
  it('takes http(s) URLs with a path and a query', () => {
    expect(webhookUrlProblem('https://ci.example.com/hooks/experiments?team=ml')).toBeNull();
    expect(webhookUrlProblem('http://hooks.internal:8080/x')).toBeNull();
  });

  it('refuses other forms, naming the limit, and never repeats the URL', () => {
    expect(webhookUrlProblem(`https://e.com/${'a'.repeat(2_000)}`)).toBe('Webhook URL must be at most 2,000 characters');
    expect(webhookUrlProblem('file:///etc/passwd')).toBe('Webhook URL must start with http:// or https://');
    expect(webhookUrlProblem('https://me:hunter2@e.com/')).not.toContain('hunter2');
    expect(webhookUrlProblem('https://e.com/#x')).toBe('Webhook URL must not contain a fragment (#)');
    expect(webhookUrlProblem('e.com/hook')).toMatch(/must be a URL/);
  });

  it('a generated secret passes the secret rules; a padded one does not', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(webhookInputSchema.safeParse({ url: 'https://e.com/h', secret }).success).toBe(true);
    expect(webhookInputSchema.safeParse({ url: 'https://e.com/h', secret: ` ${secret}` }).error?.issues[0].message)
      .toBe('The signing secret must not start or end with a space');
  });
});
