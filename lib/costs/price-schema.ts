// What price editing takes and answers (Settings action and JSON route). Client-safe: no server imports.
import { z } from 'zod';

/** Explicit prices one connection may hold: a table, not a catalogue. */
export const MAX_PRICES_PER_CONNECTION = 500;
export const MAX_MODEL_NAME_CHARS = 200;
export const MAX_PRICE_PER_MTOK = 10_000;

const dollars = (what: string) => z.number({ message: `${what} must be a number` })
  .min(0, `${what} must be 0 or more`)
  .max(MAX_PRICE_PER_MTOK, `${what} must be at most $${MAX_PRICE_PER_MTOK.toLocaleString('en-US')} per million tokens`);

export const modelNameSchema = z.string().trim().min(1, 'The model name is required')
  .max(MAX_MODEL_NAME_CHARS, `The model name must be at most ${MAX_MODEL_NAME_CHARS} characters`);

export const modelPriceFieldsSchema = z.object({
  model: modelNameSchema,
  inputPerMTok: dollars('The input price'),
  cachedInputPerMTok: dollars('The cached input price').nullable().meta({ description: 'Null: cached prompt tokens are charged as input' }),
  outputPerMTok: dollars('The output price'),
  asOf: z.iso.date({ message: 'The date must be YYYY-MM-DD' }).meta({ description: 'When the price was last known right' }),
});

export const setModelPriceSchema = modelPriceFieldsSchema.extend({
  providerConnectionId: z.uuid({ message: 'Unknown provider connection' }),
});
export const deleteModelPriceSchema = z.object({
  providerConnectionId: z.uuid({ message: 'Unknown provider connection' }),
  model: modelNameSchema,
});

export const priceRowSchema = z.object({
  model: z.string(),
  inputPerMTok: z.number(), cachedInputPerMTok: z.number().nullable(), outputPerMTok: z.number(),
  asOf: z.string().meta({ description: 'ISO date: "prices as of ..."' }),
  source: z.enum(['custom', 'default']).meta({ description: "'default': shipped with the app; 'custom': set in Settings" }),
}).meta({ id: 'ModelPriceRow' });

export type PriceRow = z.infer<typeof priceRowSchema>;
export const priceListSchema = z.object({ prices: z.array(priceRowSchema) });
