import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { providerConnections, webhookSettings } from '../db/schema';
import { decryptSecret, encryptSecret, isCurrentFormat, SecretDecryptError } from './secret-box';

// Every ciphertext the app stores: provider connections' API keys (sealed with their row id as
// context) and the webhook's signing secret. A new encrypted column belongs here too, so rotation
// re-encrypts it.

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

/** The webhook's signing secret is sealed with this context (its single row). */
export const WEBHOOK_SECRET_CONTEXT = 'webhook_settings:1';

export interface RotationResult { reencrypted: number; alreadyNew: number }

/** One stored ciphertext: what to call it in a message, the context it is sealed with, and how to write it back. */
interface SealedValue { label: string; context: string; sealed: string; write: (tx: DbOrTx, sealed: string) => Promise<unknown> }

/** Every ciphertext the app stores, locked for the rotation's transaction. */
async function sealedValues(tx: DbOrTx): Promise<SealedValue[]> {
  const providers = await tx.select({ id: providerConnections.id, name: providerConnections.name, sealed: providerConnections.apiKeyEncrypted })
    .from(providerConnections).where(isNotNull(providerConnections.apiKeyEncrypted))
    .orderBy(asc(providerConnections.id)).for('update');
  // The webhook's signing secret (lib/webhooks/settings.ts).
  const webhook = await tx.select({ sealed: webhookSettings.secretEncrypted }).from(webhookSettings).for('update');
  return [
    ...providers.map((row) => ({
      label: `The API key of provider connection "${row.name}" (${row.id})`, context: row.id, sealed: row.sealed!,
      write: (t: DbOrTx, value: string) => t.update(providerConnections).set({ apiKeyEncrypted: value }).where(eq(providerConnections.id, row.id)),
    })),
    ...webhook.map((row) => ({
      label: 'The webhook signing secret', context: WEBHOOK_SECRET_CONTEXT, sealed: row.sealed,
      write: (t: DbOrTx, value: string) => t.update(webhookSettings).set({ secretEncrypted: value }),
    })),
  ];
}

/**
 * Re-encrypts every stored secret from `oldSecret` to `newSecret` (in the current format) in one
 * transaction: if any one cannot be decrypted, nothing changes. Rows already under the new secret
 * (a repeated run) are left as they are.
 */
export async function rotateStoredSecrets(db: Db, opts: { oldSecret: string; newSecret: string }): Promise<RotationResult> {
  if (opts.oldSecret === opts.newSecret) throw new Error('The new secret is the same as the old one');
  return db.transaction(async (tx) => {
    const result: RotationResult = { reencrypted: 0, alreadyNew: 0 };
    for (const value of await sealedValues(tx)) {
      if (isCurrentFormat(value.sealed) && opensWith(value.sealed, value.context, opts.newSecret)) {
        result.alreadyNew++;
        continue;
      }
      let plain: string;
      try {
        plain = decryptSecret(value.sealed, value.context, opts.oldSecret);
      } catch (err) {
        if (!(err instanceof SecretDecryptError)) throw err;
        throw new SecretDecryptError(`${value.label} opens with neither the old nor the new secret; nothing was changed. (${err.message})`);
      }
      await value.write(tx, encryptSecret(plain, value.context, opts.newSecret));
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
