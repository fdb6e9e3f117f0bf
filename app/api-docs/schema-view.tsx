/**
 * A JSON Schema (as the OpenAPI document holds it) as nested lists of fields: type, whether it is
 * required, its limits and its description. Server-rendered, no script.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  default?: unknown;
  description?: string;
  minimum?: number; maximum?: number; minLength?: number; maxLength?: number; minItems?: number; maxItems?: number;
}

export type SchemaComponents = Record<string, JsonSchema>;

const MAX_DEPTH = 8;

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

function resolve(schema: JsonSchema, components: SchemaComponents): { schema: JsonSchema; name: string | null } {
  if (!schema.$ref) return { schema, name: null };
  const name = refName(schema.$ref);
  return { schema: components[name] ?? {}, name };
}

const variants = (s: JsonSchema) => s.oneOf ?? s.anyOf ?? null;

/** One line for a schema's type: `string (uuid)`, `array of DatasetItem`, `"csv" | "json"`. */
export function typeLabel(raw: JsonSchema, components: SchemaComponents): string {
  const { schema, name } = resolve(raw, components);
  if (name) return name;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const options = variants(schema);
  if (options) return options.map((o) => typeLabel(o, components)).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array' && schema.items) return `array of ${typeLabel(schema.items, components)}`;
  if (type === 'object' && !schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return `map of ${typeLabel(schema.additionalProperties, components)}`;
  }
  if (!type) return 'any JSON';
  return schema.format ? `${type} (${schema.format})` : type;
}

function limits(s: JsonSchema): string[] {
  const out: string[] = [];
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined) out.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`max length ${s.maxLength}`);
  if (s.minItems !== undefined) out.push(`min ${s.minItems} items`);
  if (s.maxItems !== undefined) out.push(`max ${s.maxItems} items`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}

/** The schema whose fields are worth listing under a line: an object, or the object inside an array or a union. */
function children(raw: JsonSchema, components: SchemaComponents): JsonSchema[] {
  const { schema } = resolve(raw, components);
  if (schema.properties) return [schema];
  if (schema.items) return children(schema.items, components);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return children(schema.additionalProperties, components);
  return (variants(schema) ?? []).flatMap((v) => children(v, components));
}

export function SchemaView({ schema, components, depth = 0 }: { schema: JsonSchema; components: SchemaComponents; depth?: number }) {
  const objects = children(schema, components);
  if (objects.length === 0 || depth > MAX_DEPTH) {
    return <p className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{typeLabel(schema, components)}</p>;
  }
  return (
    <div className="space-y-2">
      {objects.length > 1 && <p className="text-xs text-zinc-500 dark:text-zinc-400">One of:</p>}
      {objects.map((object, i) => <FieldList key={i} object={object} components={components} depth={depth} />)}
    </div>
  );
}

function FieldList({ object, components, depth }: { object: JsonSchema; components: SchemaComponents; depth: number }) {
  const required = new Set(object.required ?? []);
  return (
    <ul className={`space-y-1.5 ${depth > 0 ? 'border-l border-zinc-200 pl-3 dark:border-zinc-800' : ''}`}>
      {Object.entries(object.properties ?? {}).map(([name, field]) => {
        const resolved = resolve(field, components).schema;
        const nested = children(field, components).length > 0;
        return (
          <li key={name} className="text-xs">
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
              <code className="font-mono font-semibold text-zinc-900 dark:text-zinc-100">{name}</code>
              <span className="font-mono text-zinc-600 dark:text-zinc-400">{typeLabel(field, components)}</span>
              {required.has(name) && <span className="text-[11px] font-medium text-amber-700 dark:text-amber-400">required</span>}
              {limits(resolved).map((l) => <span key={l} className="text-[11px] text-zinc-500 dark:text-zinc-400">{l}</span>)}
            </div>
            {(field.description ?? resolved.description) && (
              <p className="mt-0.5 text-zinc-500 dark:text-zinc-400">{field.description ?? resolved.description}</p>
            )}
            {nested && <div className="mt-1.5"><SchemaView schema={field} components={components} depth={depth + 1} /></div>}
          </li>
        );
      })}
    </ul>
  );
}
