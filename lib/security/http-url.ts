/** How one kind of stored, outbound URL is named and held in messages. */
export interface HttpUrlRules {
  /** Names the URL in messages: "Base URL". */
  what: string;
  /** A URL of the right form, shown when the text is not a URL at all. */
  example: string;
  maxChars: number;
  /** Where the credentials belong instead, after "must not contain a user name or password: ". */
  credentialsInstead: string;
  /** Whether a query string (?) may be part of it. */
  query: boolean;
}

/**
 * Why `raw` may not be stored as an http(s) URL, by its form alone, or null. Credentials in a URL
 * would be stored in plain text and echoed in messages; a fragment means nothing to a server.
 * Messages never repeat the URL. Which addresses it may reach is the outbound policy's question.
 */
export function httpUrlProblem(raw: string, rules: HttpUrlRules): string | null {
  const { what } = rules;
  if (raw.length > rules.maxChars) return `${what} must be at most ${rules.maxChars.toLocaleString('en-US')} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${what} must be a URL such as ${rules.example}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${what} must start with http:// or https://`;
  if (url.username || url.password) return `${what} must not contain a user name or password: ${rules.credentialsInstead}`;
  // `href` keeps an empty "#" or "?" that `hash` and `search` report as ''.
  if (url.href.includes('#')) return `${what} must not contain a fragment (#)`;
  if (!rules.query && url.href.includes('?')) return `${what} must not contain a query (?)`;
  return null;
}
