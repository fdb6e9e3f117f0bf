// Provider error messages are stored and shown in the UI; they sometimes echo the API key
// (or part of it) back. Everything persisted from an error goes through redactSecrets first.

export const REDACTED = '[redacted]';

// Known key shapes: OpenAI (sk-, sk-proj-), Anthropic (sk-ant-), Google (AIza), Groq, xAI, Hugging Face.
const KEY_SHAPES =
  /\b(?:sk-[A-Za-z0-9_-]{8,}|AIza[0-9A-Za-z_-]{20,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|hf_[A-Za-z0-9]{20,})/g;

// "Authorization: Bearer xxx", "Basic xxx": keep the scheme, hide the credential.
const AUTH_SCHEMES = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi;

// A labelled credential: "api-key: xxx", "x-api-key=xxx", "key provided: xxx", "token xxx".
// The value must be long and contain a digit, so ordinary words after "key" survive.
const LABELLED =
  /\b((?:x-)?api[-_ ]?key|access[-_]?token|secret|password|token|key)(\s*["']?\s*[:=]\s*["']?\s*|\s+provided:\s*|\s+)(?=[A-Za-z0-9._~+/=-]*\d)([A-Za-z0-9._~+/=-]{16,})/gi;

/** Replaces known secrets and anything shaped like an API key with `[redacted]`. */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = knownSecrets.filter((s) => s && s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  out = out.replace(KEY_SHAPES, REDACTED);
  out = out.replace(AUTH_SCHEMES, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(LABELLED, (_m, label: string, separator: string) => `${label}${separator}${REDACTED}`);
  return out;
}
