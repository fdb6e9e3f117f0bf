/** Runs once when the web server starts, before it serves a request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // `next start` runs with NODE_ENV=production: refuse a missing or short APP_SECRET up front
  // rather than fail at the first stored API key.
  const { exitUnlessAppSecretIsStrong } = await import('./lib/crypto/app-secret');
  exitUnlessAppSecretIsStrong('web');
}
