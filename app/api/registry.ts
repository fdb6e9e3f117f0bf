import type { RouteHandler, RouteSpec } from '@/lib/server/define-route';
import { buildOpenApiDocument } from '@/lib/server/openapi';
import { experimentConfigSchema } from '@/lib/experiments/config';
import { evaluatorConfigSchema } from '@/lib/evaluators/types';
import packageJson from '@/package.json';
import * as callCache from './call-cache/route';
import * as compare from './compare/route';
import * as compareStats from './compare/stats/route';
import * as compareDisagreements from './compare/disagreements/route';
import * as datasets from './datasets/route';
import * as dataset from './datasets/[id]/route';
import * as datasetExperiments from './datasets/[id]/experiments/route';
import * as datasetItems from './datasets/[id]/items/route';
import * as datasetUpload from './datasets/[id]/upload/route';
import * as datasetVersions from './datasets/[id]/versions/route';
import * as estimate from './estimate/route';
import * as experiments from './experiments/route';
import * as experiment from './experiments/[id]/route';
import * as experimentBudget from './experiments/[id]/budget/route';
import * as experimentDetails from './experiments/[id]/details/route';
import * as experimentDistributions from './experiments/[id]/distributions/route';
import * as experimentErrors from './experiments/[id]/errors/route';
import * as experimentExport from './experiments/[id]/export/route';
import * as experimentEvaluators from './experiments/[id]/evaluators/route';
import * as experimentHeartbeat from './experiments/[id]/heartbeat/route';
import * as experimentResults from './experiments/[id]/results/route';
import * as experimentRun from './experiments/[id]/results/[runId]/route';
import * as experimentResume from './experiments/[id]/resume/route';
import * as experimentRuns from './experiments/[id]/runs/route';
import * as experimentStop from './experiments/[id]/stop/route';
import * as experimentVariants from './experiments/[id]/variants/route';
import * as health from './health/route';
import * as playgroundItems from './playground/items/route';
import * as playgroundModels from './playground/models/route';
import * as playgroundVariables from './playground/variables/route';
import * as providers from './providers/route';
import * as provider from './providers/[id]/route';
import * as providerTest from './providers/[id]/test/route';
import * as providerPrices from './providers/[id]/prices/route';
import * as webhook from './webhook/route';
import * as webhookDeliveries from './webhook/deliveries/route';
import * as webhookTest from './webhook/test/route';
import { webhookPayloadSchema } from '@/lib/webhooks/api-schemas';

/**
 * Every JSON route of the app, for the OpenAPI document. A test walks app/api on disk and fails
 * when a route's method is missing from the document, so a route added without a line here fails.
 * (The document's own route is added by itself: listing it here would make an import cycle.)
 */
const modules = [
  callCache, compare, compareStats, compareDisagreements, datasets, dataset, datasetExperiments, datasetItems, datasetUpload, datasetVersions, estimate,
  experiments, experiment, experimentBudget, experimentDetails, experimentDistributions, experimentErrors, experimentExport, experimentEvaluators, experimentHeartbeat,
  experimentResults, experimentRun, experimentResume, experimentRuns, experimentStop, experimentVariants,
  health, playgroundItems, playgroundModels, playgroundVariables, providers, provider, providerTest, providerPrices,
  webhook, webhookDeliveries, webhookTest,
];

const isRoute = (value: unknown): value is RouteHandler => typeof value === 'function' && 'definition' in value;

export const apiHandlers: RouteHandler[] = modules.flatMap((m) => Object.values(m).filter(isRoute));
export const apiRoutes: RouteSpec[] = apiHandlers.map((h) => h.definition);

export function apiDocument(extra: readonly RouteSpec[] = []) {
  return buildOpenApiDocument([...apiRoutes, ...extra], {
    version: packageJson.version,
    schemas: { ExperimentConfig: experimentConfigSchema, EvaluatorConfig: evaluatorConfigSchema, WebhookPayload: webhookPayloadSchema },
  });
}
