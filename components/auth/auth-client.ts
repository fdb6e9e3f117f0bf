'use client';

import { createAuthClient } from 'better-auth/react';

/** The browser side of better-auth: same origin, cookies set by /api/auth/*. */
export const authClient = createAuthClient();
