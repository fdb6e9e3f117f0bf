import { jsonRoute } from '@/lib/server/route';
import { providerModels } from '@/lib/playground/models';
import { parseUuidParam } from '@/lib/playground/params';

export const dynamic = 'force-dynamic';

/** `?providerId=` → `{ models: string[], error: string | null }`: the provider's `/models`, as suggestions. */
export const GET = jsonRoute(async (req, ctx) =>
  providerModels(ctx.db, parseUuidParam(new URL(req.url).searchParams.get('providerId'), 'providerId')));
