// The recorded cost of a call, computed in the statement that records it, in exact decimals, from
// the price snapshot it stores (a jsonb ModelPrice): the same formula as lib/costs/cost.ts.
import { sql, type SQL } from 'drizzle-orm';

/** SQL for the cost in US dollars: null when the price (jsonb null) or the usage is unknown. */
export function costSql(prompt: SQL, cached: SQL, completion: SQL, price: SQL): SQL {
  const rate = (field: string) => sql`(${price} ->> ${sql.raw(`'${field}'`)})::numeric`;
  const cachedTokens = sql`least(coalesce(${cached}, 0), coalesce(${prompt}, 0))`;
  return sql`case when ${price} is null or jsonb_typeof(${price}) <> 'object' or (${prompt} is null and ${completion} is null) then null
    else ((coalesce(${prompt}, 0) - ${cachedTokens}) * ${rate('inputPerMTok')}
      + ${cachedTokens} * coalesce(${rate('cachedInputPerMTok')}, ${rate('inputPerMTok')})
      + coalesce(${completion}, 0) * ${rate('outputPerMTok')}) / 1000000 end`;
}
