import { z } from 'zod';

/** What the provider connection routes take and answer. Client-safe: no server imports. */

export const providerIdSchema = z.uuid({ message: 'Unknown provider connection' }).meta({ description: 'Provider connection id' });

/** Never the key: only whether one is stored. */
export const providerSummarySchema = z.object({
  id: z.uuid(), name: z.string(), baseUrl: z.string(),
  hasApiKey: z.boolean(),
  requestsPerMinute: z.number().int().nullable(),
  tokensPerMinute: z.number().int().nullable(),
  isSimulator: z.boolean(),
  createdAt: z.date(),
}).meta({ id: 'ProviderSummary' });

export const connectionTestSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), models: z.array(z.string()) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]).meta({ id: 'ConnectionTest' });

export const providerDeletedSchema = z.object({ deleted: z.literal(true) });
