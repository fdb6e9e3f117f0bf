import crypto from 'node:crypto';

// AES-256-GCM with a key derived from APP_SECRET. Format: v1.<iv>.<tag>.<ciphertext> (base64url).
function key(secret = process.env.APP_SECRET): Buffer {
  if (!secret || secret.length < 16) {
    throw new Error('APP_SECRET must be set (at least 16 characters) to store provider API keys');
  }
  return crypto.createHash('sha256').update(`experiment-runner:${secret}`).digest();
}

export function encryptSecret(plain: string, secret?: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key(secret), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export class SecretDecryptError extends Error {}

export function decryptSecret(sealed: string, secret?: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new SecretDecryptError('Stored API key has an unknown format');
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key(secret), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptError('Stored API key cannot be decrypted: APP_SECRET changed since it was saved; re-enter the key');
  }
}
