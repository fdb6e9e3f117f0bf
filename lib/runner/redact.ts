// Provider error messages are stored and shown in the UI; they sometimes echo the API key
// (or part of it) back. Everything persisted from an error goes through redactSecrets first.
// The patterns run on RE2 (linear time): a provider decides how long and how odd its message is.
import { linearRegex, replaceMatches } from '../text/linear-regex';

export const REDACTED = '[redacted]';

// Known key shapes: OpenAI (sk-, sk-proj-), Anthropic (sk-ant-), Google (AIza), Groq, xAI, Hugging Face.
const KEY_SHAPES = linearRegex(
  String.raw`\b(?:sk-[A-Za-z0-9_-]{8,}|AIza[0-9A-Za-z_-]{20,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|hf_[A-Za-z0-9]{20,})`,
);

// "Authorization: Bearer xxx", "Basic xxx": keep the scheme, hide the credential.
const AUTH_SCHEMES = linearRegex(String.raw`\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}`, 'i');

// A labelled credential: "api-key: xxx", "x-api-key=xxx", "key provided: xxx", "token xxx".
// The value must be long and contain a digit (checked on the match: RE2 has no lookahead), so
// ordinary words after "key" survive.
const LABELLED = linearRegex(
  String.raw`\b((?:x-)?api[-_ ]?key|access[-_]?token|secret|password|token|key)(\s*["']?\s*[:=]\s*["']?\s*|\s+provided:\s*|\s+)([A-Za-z0-9._~+/=-]{16,})`,
  'i',
);

const hasDigit = (s: string) => {
  for (const c of s) if (c >= '0' && c <= '9') return true;
  return false;
};

/** Replaces known secrets and anything shaped like an API key with `[redacted]`. */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = knownSecrets.filter((s) => s && s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  out = replaceMatches(KEY_SHAPES, out, () => REDACTED);
  out = replaceMatches(AUTH_SCHEMES, out, (m) => `${m[1]} ${REDACTED}`);
  out = replaceMatches(LABELLED, out, (m) => (hasDigit(m[3]) ? `${m[1]}${m[2]}${REDACTED}` : m[0]));
  return out;
}
