/**
 * What the process exit status means, for a CI pipeline to branch on. A failed gate and an
 * unusable invocation must differ: the first is a result, the second a broken pipeline.
 */
export const EXIT = {
  /** Ended COMPLETED (or STOPPED with --allow-stopped) and every --min was met. */
  passed: 0,
  /** A mean below its threshold, or the experiment ended ERROR (or STOPPED). */
  failed: 1,
  /** Bad flags or files, or the API refused or could not be reached. */
  usage: 2,
  /** It had not ended when --timeout ran out (or, for `status`, it is still going). */
  notEnded: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in the command line or its files: a one-line message, exit 2. */
export class UsageError extends Error {
  readonly name = 'UsageError';
}

/** The API said no, or could not be reached: a one-line message, exit 2. */
export class ApiError extends Error {
  readonly name = 'ApiError';
  /** The HTTP status, or null when no answer came (network error, timeout). */
  constructor(message: string, readonly status: number | null) {
    super(message);
  }

  /** Worth asking again while following: no answer, or the server (or a proxy) was briefly down. */
  get transient(): boolean {
    return this.status === null || this.status === 502 || this.status === 503 || this.status === 504;
  }
}
