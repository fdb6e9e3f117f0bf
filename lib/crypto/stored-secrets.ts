import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { providerConnections } from '../db/schema';
import { decryptSecret, encryptSecret, isCurrentFormat, SecretDecryptError } from './secret-box';

// Every ciphertext the app stores is a provider connection's API key, sealed with its row id as
// context. A new encrypted column belongs here too, so rotation re-encrypts it.

/**
 * A provider's decrypted key. One still in the old (v1) format is rewritten as v2, bound to its
 * row; the write is a compare-and-set, so readers racing each other or a rotation change nothing.
 */
export async function readProviderApiKey(db: DbOrTx, id: string, sealed: string): Promise<string> {
  const apiKey = decryptSecret(sealed, id);
  if (!isCurrentFormat(sealed)) {
    await db.update(providerConnections).set({ apiKeyEncrypted: encryptSecret(apiKey, id) })
      .where(and(eq(providerConnections.id, id), eq(providerConnections.apiKeyEncrypted, sealed)));
  }
  return apiKey;
}

export interface RotationResult { reencrypted: number; alreadyNew: number }

/**
 * Re-encrypts every stored secret from `oldSecret` to `newSecret` (in the current format) in one
 * transaction: if any one cannot be decrypted, nothing changes. Rows already under the new secret
 * (a repeated run) are left as they are.
 */
export async function rotateStoredSecrets(db: Db, opts: { oldSecret: string; newSecret: string }): Promise<RotationResult> {
  if (opts.oldSecret === opts.newSecret) throw new Error('The new secret is the same as the old one');
  return db.transaction(async (tx) => {
    const rows = await tx.select({ id: providerConnections.id, name: providerConnections.name, sealed: providerConnections.apiKeyEncrypted })
      .from(providerConnections).where(isNotNull(providerConnections.apiKeyEncrypted))
      .orderBy(asc(providerConnections.id)).for('update');
    const result: RotationResult = { reencrypted: 0, alreadyNew: 0 };
    for (const row of rows) {
      const sealed = row.sealed!;
      if (isCurrentFormat(sealed) && opensWith(sealed, row.id, opts.newSecret)) {
        result.alreadyNew++;
        continue;
      }
      let plain: string;
      try {
        plain = decryptSecret(sealed, row.id, opts.oldSecret);
      } catch (err) {
        if (!(err instanceof SecretDecryptError)) throw err;
        throw new SecretDecryptError(`The API key of provider connection "${row.name}" (${row.id}) opens with neither the old nor the new secret; nothing was changed. (${err.message})`);
      }
      await tx.update(providerConnections).set({ apiKeyEncrypted: encryptSecret(plain, row.id, opts.newSecret) })
        .where(eq(providerConnections.id, row.id));
      result.reencrypted++;
    }
    return result;
  });
}

function opensWith(sealed: string, id: string, secret: string): boolean {
  try {
    decryptSecret(sealed, id, secret);
    return true;
  } catch (err) {
    if (err instanceof SecretDecryptError) return false;
    throw err;
  }
}
