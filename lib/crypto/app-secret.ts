/** The shortest APP_SECRET the secret box accepts (development and tests). */
export const MIN_APP_SECRET_LENGTH = 16;
/** The shortest APP_SECRET a production process starts with. */
export const MIN_PRODUCTION_APP_SECRET_LENGTH = 32;

const GENERATE = 'generate one with `openssl rand -base64 32`';

type Env = Record<string, string | undefined>;

export const isProduction = (env: Env = process.env) => env.NODE_ENV === 'production';

/** Why a process must not start with this APP_SECRET, or null. Only `strict` (production) processes check. */
export function appSecretStartupProblem(env: Env, strict: boolean): string | null {
  if (!strict) return null;
  const secret = env.APP_SECRET ?? '';
  if (!secret) {
    return `APP_SECRET is not set: in production it must be set to a random string of at least ${MIN_PRODUCTION_APP_SECRET_LENGTH} characters (${GENERATE})`;
  }
  if (secret.length < MIN_PRODUCTION_APP_SECRET_LENGTH) {
    return `APP_SECRET has ${secret.length} characters: in production it must have at least ${MIN_PRODUCTION_APP_SECRET_LENGTH} ` +
      `(${GENERATE}, then re-encrypt stored keys with \`npm run rotate-secret\`)`;
  }
  return null;
}

/** Start-up guard for web, worker and `npm start`: one clear line and exit code 1, no stack trace. */
export function exitUnlessAppSecretIsStrong(processName: string, strict = isProduction()): void {
  const problem = appSecretStartupProblem(process.env, strict);
  if (!problem) return;
  console.error(`[${processName}] ${problem}`);
  process.exit(1);
}
