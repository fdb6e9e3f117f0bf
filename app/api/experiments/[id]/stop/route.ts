import { jsonRoute } from '@/lib/server/route';
import { stopExperiment } from '@/lib/experiments/lifecycle';
import { parseExperimentId } from '../../parse-id';

export const dynamic = 'force-dynamic';

export const POST = jsonRoute<{ id: string }>(async (_req, ctx, { id }) => stopExperiment(ctx.db, parseExperimentId(id)));
