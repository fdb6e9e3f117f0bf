import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, SecretDecryptError } from './secret-box';

const secret = 'a-test-secret-of-enough-length';

describe('secret box', () => {
  it('round-trips and never stores the plain text', () => {
    const sealed = encryptSecret('sk-live-123', secret);
    expect(sealed).not.toContain('sk-live-123');
    expect(decryptSecret(sealed, secret)).toBe('sk-live-123');
  });
  it('uses a fresh IV each time', () => {
    expect(encryptSecret('x', secret)).not.toBe(encryptSecret('x', secret));
  });
  it('rejects a different secret with a clear error', () => {
    const sealed = encryptSecret('sk-live-123', secret);
    expect(() => decryptSecret(sealed, 'another-secret-of-enough-length')).toThrow(SecretDecryptError);
  });
  it('refuses a missing secret', () => {
    expect(() => encryptSecret('x', '')).toThrow(/APP_SECRET/);
  });
});
