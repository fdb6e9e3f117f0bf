import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, isCurrentFormat, SecretDecryptError } from './secret-box';

const secret = 'a-test-secret-of-enough-length';
const rowId = '6f1c2a44-3b7e-4c1d-9a55-0e2f8b7d1c10';
const otherRowId = '0b9d4e21-7c3a-4f8e-8d2b-5a6c1e9f3b47';

/** Written by the v1 code (SHA-256 key, no associated data) before v2 existed. */
const V1_SEALED = 'v1.Szq_4Faua4EzTUGh.9awfgSn0dFxpqoHsVD_Jqw.Gr9ec-7ESJPOMW3Acb3QBQ';
const V1_PLAIN = 'sk-legacy-v1-key';

const parts = (sealed: string) => {
  const [version, iv, tag, data] = sealed.split('.');
  return { version, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), data: Buffer.from(data, 'base64url') };
};
const join = (version: string, ...bufs: Buffer[]) => [version, ...bufs.map((b) => b.toString('base64url'))].join('.');

/** Opens a sealed value by hand with the given key, to pin which key the box really uses. */
function openWith(key: Buffer, sealed: string, aad: string): string {
  const p = parts(sealed);
  const d = crypto.createDecipheriv('aes-256-gcm', key, p.iv, { authTagLength: 16 });
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(p.tag);
  return Buffer.concat([d.update(p.data), d.final()]).toString('utf8');
}

describe('secret box', () => {
  it('round-trips in the v2 format and never stores the plain text', () => {
    const sealed = encryptSecret('sk-live-123', rowId, secret);
    expect(sealed).toMatch(/^v2\./);
    expect(isCurrentFormat(sealed)).toBe(true);
    expect(sealed).not.toContain('sk-live-123');
    expect(decryptSecret(sealed, rowId, secret)).toBe('sk-live-123');
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('x', rowId, secret)).not.toBe(encryptSecret('x', rowId, secret));
  });

  it('rejects a different secret with a clear error', () => {
    const sealed = encryptSecret('sk-live-123', rowId, secret);
    expect(() => decryptSecret(sealed, rowId, 'another-secret-of-enough-length')).toThrow(SecretDecryptError);
  });

  it('refuses a missing or short secret, naming APP_SECRET', () => {
    expect(() => encryptSecret('x', rowId, '')).toThrow(/APP_SECRET/);
    expect(() => encryptSecret('x', rowId, 'short')).toThrow(/at least 16 characters/);
  });

  it('binds a ciphertext to its row: another row id as associated data fails', () => {
    const sealed = encryptSecret('sk-live-123', rowId, secret);
    expect(() => decryptSecret(sealed, otherRowId, secret)).toThrow(SecretDecryptError);
    expect(() => decryptSecret(sealed, '', secret)).toThrow(/row id/);
    expect(() => encryptSecret('x', '', secret)).toThrow(/row id/);
  });

  it('writes 16-byte tags and rejects a tag of any other length', () => {
    const sealed = encryptSecret('sk-live-123', rowId, secret);
    const p = parts(sealed);
    expect(p.tag).toHaveLength(16);
    expect(p.iv).toHaveLength(12);
    // A truncated tag (GCM would otherwise accept 4..16 bytes) is refused before decryption.
    for (const len of [4, 8, 12, 15]) {
      const truncated = join('v2', p.iv, p.tag.subarray(0, len), p.data);
      expect(() => decryptSecret(truncated, rowId, secret)).toThrow(new RegExp(`tag ${len} bytes`));
    }
    expect(() => decryptSecret(join('v2', p.iv, Buffer.concat([p.tag, Buffer.from([0])]), p.data), rowId, secret)).toThrow(/tag 17 bytes/);
    // The same holds for the old format.
    const old = parts(V1_SEALED);
    expect(() => decryptSecret(join('v1', old.iv, old.tag.subarray(0, 12), old.data), rowId, secret)).toThrow(/tag 12 bytes/);
  });

  it('detects a flipped bit in ciphertext or tag', () => {
    const p = parts(encryptSecret('sk-live-123', rowId, secret));
    const data = Buffer.from(p.data); data[0] ^= 1;
    const tag = Buffer.from(p.tag); tag[15] ^= 1;
    expect(() => decryptSecret(join('v2', p.iv, p.tag, data), rowId, secret)).toThrow(SecretDecryptError);
    expect(() => decryptSecret(join('v2', p.iv, tag, p.data), rowId, secret)).toThrow(SecretDecryptError);
  });

  it('still decrypts the old v1 format (any context) and marks it for a rewrite', () => {
    expect(decryptSecret(V1_SEALED, rowId, secret)).toBe(V1_PLAIN);
    expect(decryptSecret(V1_SEALED, otherRowId, secret)).toBe(V1_PLAIN);
    expect(isCurrentFormat(V1_SEALED)).toBe(false);
    expect(() => decryptSecret(V1_SEALED, rowId, 'another-secret-of-enough-length')).toThrow(SecretDecryptError);
  });

  it('derives its key with HKDF-SHA256, not the old single SHA-256', () => {
    const sealed = encryptSecret('sk-live-123', rowId, secret);
    const hkdf = Buffer.from(crypto.hkdfSync('sha256', secret, 'experiment-runner secret-box', 'provider-api-key v2', 32));
    const sha256 = crypto.createHash('sha256').update(`experiment-runner:${secret}`).digest();
    expect(hkdf.equals(sha256)).toBe(false);
    expect(openWith(hkdf, sealed, rowId)).toBe('sk-live-123');
    expect(() => openWith(sha256, sealed, rowId)).toThrow();
    // A v2 body relabelled v1 (to dodge the row binding) is opened with the old key and fails.
    const p = parts(sealed);
    expect(() => decryptSecret(join('v1', p.iv, p.tag, p.data), rowId, secret)).toThrow(SecretDecryptError);
  });

  it('refuses unknown formats with a clear error', () => {
    for (const bad of ['', 'v3.a.b.c', 'v2.a.b', 'v2.a.b.c.d', 'plain-text-key']) {
      expect(() => decryptSecret(bad, rowId, secret)).toThrow(SecretDecryptError);
    }
  });
});
