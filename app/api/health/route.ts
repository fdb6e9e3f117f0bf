import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { defineRoute } from '@/lib/server/define-route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/health', tag: 'Health', access: 'public',
  summary: 'Check health',
  description: 'Whether the web process can reach its database. No sign-in needed.',
  response: z.object({ ok: z.boolean(), error: z.string().optional() }),
}, async (_input, { db }) => {
  try {
    await db.execute(sql`select 1`);
    return { ok: true };
  } catch {
    return Response.json({ ok: false, error: 'database unreachable' }, { status: 503 });
  }
});
