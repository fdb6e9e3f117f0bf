/**
 * Every size a user or a provider controls, in one place. Client-safe (no server imports): forms
 * and error messages name the same numbers the server enforces. Upload limits can be raised per
 * deployment (env, read on the server only; see `uploadLimits()`).
 */
export const LIMITS = {
  /** All messages of a prompt template together, in characters. */
  templateChars: 64_000,
  /** A response JSON schema or a json_schema evaluator's schema, serialised, in characters. */
  schemaChars: 64_000,
  /** One dataset item (input + expected output + metadata, serialised), in bytes. */
  itemBytes: 512 * 1024,
  /** The rendered request sent to the provider (messages and all), in characters: never pay for a runaway prompt. */
  requestChars: 1_000_000,
  /** A regex evaluator's pattern, in characters. */
  regexChars: 2_000,
  /**
   * A user's regex (evaluator or schema `pattern`) compiled for RE2, in program instructions. RE2
   * is linear in the text, but its worst case is text length times program size.
   */
  regexProgramSize: 4_000,
  /** The raw provider response kept per run, in characters (the output itself is kept whole up to itemBytes). */
  responseKeptChars: 256 * 1024,
  /** One error log message, in characters. */
  errorMessageChars: 8_000,
  /** Error log entries kept per experiment (the newest; the total is still counted). */
  errorLogEntries: 5_000,
  /** Variants (prompt x model x parameters) in one experiment. */
  variants: 24,
} as const;

export interface UploadLimits { maxBytes: number; maxRows: number }

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBytes: 200 * 1024 * 1024, maxRows: 1_000_000 };

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
