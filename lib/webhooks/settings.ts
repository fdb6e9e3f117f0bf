import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { webhookSettings } from '../db/schema';
import { decryptSecret, encryptSecret, SecretDecryptError } from '../crypto/secret-box';
import { WEBHOOK_SECRET_CONTEXT } from '../crypto/stored-secrets';
import { UserError } from '../errors';
import { allowedAddress, type Resolver } from '../providers/guarded-fetch';
import { outboundPolicyFromEnv } from '../providers/outbound-policy';
import { OutboundRefusedError, targetOf } from '../providers/url-policy';
import { webhookInputSchema, type WebhookInput, type WebhookSummary } from './api-schemas';

const NO_APP_SECRET = 'The signing secret cannot be stored: APP_SECRET is not set on the server (16+ characters). `npm start` generates one; set it when running the web process yourself.';

const summaryColumns = {
  url: webhookSettings.url, secretLast4: webhookSettings.secretLast4, enabled: webhookSettings.enabled, updatedAt: webhookSettings.updatedAt,
};

export async function getWebhook(db: DbOrTx): Promise<WebhookSummary | null> {
  const [row] = await db.select(summaryColumns).from(webhookSettings).where(eq(webhookSettings.id, 1));
  return row ?? null;
}

/**
 * Saves the webhook (an admin's action). The URL passes the outbound policy for provider URLs
 * (ALLOWED_PROVIDER_HOSTS); the secret is required the first time and kept when left out later.
 */
export async function saveWebhook(db: DbOrTx, raw: WebhookInput, by: { userId: string | null }, opts: { resolve?: Resolver } = {}): Promise<WebhookSummary> {
  const input = webhookInputSchema.parse(raw);
  const refusal = await urlRefusal(input.url, opts.resolve);
  if (refusal) throw new UserError(refusal, { url: refusal });
  const columns = { url: input.url, enabled: input.enabled, updatedBy: by.userId, updatedAt: sql`now()` };
  if (!input.secret) {
    const [row] = await db.update(webhookSettings).set(columns).where(eq(webhookSettings.id, 1)).returning(summaryColumns);
    if (row) return row;
    throw new UserError('Set a signing secret (or generate one): receivers check every delivery with it', { secret: 'Required the first time' });
  }
  const withSecret = { ...columns, ...sealed(input.secret) };
  const [row] = await db.insert(webhookSettings).values({ id: 1, ...withSecret })
    .onConflictDoUpdate({ target: webhookSettings.id, set: withSecret }).returning(summaryColumns);
  return row;
}

function sealed(secret: string) {
  if ((process.env.APP_SECRET ?? '').length < 16) throw new UserError(NO_APP_SECRET, { secret: 'Cannot be stored without APP_SECRET' });
  return { secretEncrypted: encryptSecret(secret, WEBHOOK_SECRET_CONTEXT), secretLast4: secret.slice(-4) };
}

export async function deleteWebhook(db: DbOrTx): Promise<{ deleted: boolean }> {
  const rows = await db.delete(webhookSettings).where(eq(webhookSettings.id, 1)).returning({ id: webhookSettings.id });
  return { deleted: rows.length > 0 };
}

/** What a sender needs: the URL and the decrypted secret (server side only), or null when none is set. */
export interface WebhookTarget { url: string; secret: string; enabled: boolean }

export class WebhookSecretUnreadableError extends Error {}

export async function getWebhookTarget(db: DbOrTx): Promise<WebhookTarget | null> {
  const [row] = await db.select().from(webhookSettings).where(eq(webhookSettings.id, 1));
  if (!row) return null;
  try {
    return { url: row.url, secret: decryptSecret(row.secretEncrypted, WEBHOOK_SECRET_CONTEXT), enabled: row.enabled };
  } catch (err) {
    if (!(err instanceof SecretDecryptError)) throw err;
    throw new WebhookSecretUnreadableError('The webhook signing secret cannot be decrypted (APP_SECRET changed since it was saved): set a new secret in Settings');
  }
}

/** Why the URL's host may not be called now, or null (a host that does not resolve yet may be saved). */
async function urlRefusal(url: string, resolve?: Resolver): Promise<string | null> {
  try {
    await allowedAddress(targetOf(new URL(url)), outboundPolicyFromEnv(), resolve);
  } catch (err) {
    if (err instanceof OutboundRefusedError) return err.message;
  }
  return null;
}
