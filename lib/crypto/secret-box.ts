import 'server-only';
import crypto from 'node:crypto';
import { MIN_APP_SECRET_LENGTH } from './app-secret';

/**
 * Provider API keys at rest: AES-256-GCM with a 16-byte tag and the owning row's id as associated
 * data, so a ciphertext copied into another row does not decrypt. Formats (parts base64url):
 *
 *   v2.<iv>.<tag>.<ciphertext>  key = HKDF-SHA256(APP_SECRET, HKDF_SALT, HKDF_INFO), AAD = context
 *   v1.<iv>.<tag>.<ciphertext>  key = SHA-256("experiment-runner:" + APP_SECRET), no AAD
 *
 * v1 is read, never written, so older installs keep working; reading a v1 key through
 * getProviderCredentials rewrites it as v2, and `npm run rotate-secret` rewrites all of them.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
// APP_SECRET itself is the random input; the salt and info only keep this key apart from others
// derived from the same secret (e.g. the session secret).
const HKDF_SALT = 'experiment-runner secret-box';
const HKDF_INFO = 'provider-api-key v2';
const CURRENT = 'v2';

export class SecretDecryptError extends Error {}

function checkedSecret(secret = process.env.APP_SECRET): string {
  if (!secret || secret.length < MIN_APP_SECRET_LENGTH) {
    throw new Error(`APP_SECRET must be set (at least ${MIN_APP_SECRET_LENGTH} characters) to store provider API keys`);
  }
  return secret;
}

function checkedContext(context: string): string {
  // An empty context would silently drop the binding to a row: a caller bug, not bad data.
  if (!context) throw new Error('encryptSecret/decryptSecret need the owning row id as context');
  return context;
}

const keyV2 = (secret: string) => Buffer.from(crypto.hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
const keyV1 = (secret: string) => crypto.createHash('sha256').update(`experiment-runner:${secret}`).digest();

/** Seals `plain` for the row `context` (its id) under APP_SECRET (or `secret`). */
export function encryptSecret(plain: string, context: string, secret?: string): string {
  const aad = Buffer.from(checkedContext(context), 'utf8');
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyV2(checkedSecret(secret)), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [CURRENT, ...[iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'))].join('.');
}

/** Whether a stored value is in the format encryptSecret writes today (else it deserves a rewrite). */
export const isCurrentFormat = (sealed: string) => sealed.startsWith(`${CURRENT}.`);

export function decryptSecret(sealed: string, context: string, secret?: string): string {
  checkedContext(context);
  const key = checkedSecret(secret);
  const parts = sealed.split('.');
  const [version, ivText, tagText, dataText] = parts;
  if (parts.length !== 4 || (version !== 'v1' && version !== 'v2')) throw new SecretDecryptError('Stored API key has an unknown format');
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  // A shorter tag is easier to forge: accept exactly the length we write.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretDecryptError(`Stored API key is malformed (IV ${iv.length} bytes, tag ${tag.length} bytes; expected ${IV_BYTES} and ${TAG_BYTES})`);
  }
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', version === 'v2' ? keyV2(key) : keyV1(key), iv, { authTagLength: TAG_BYTES });
    if (version === 'v2') decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptError(
      'Stored API key cannot be decrypted: APP_SECRET changed since it was saved, or the stored value was altered; re-enter the key');
  }
}
