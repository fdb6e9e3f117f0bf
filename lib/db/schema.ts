import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, check, customType, doublePrecision, index, integer, numeric, pgTable, primaryKey, text,
  timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

// drizzle's own jsonb re-parses strings it reads back, so a stored JSON string "7" came back as
// the number 7. The postgres driver already parses jsonb: take its value as it is.
const jsonb = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value,
});

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
// clock_timestamp, not now(): items inserted in one transaction still get distinct, ordered times.
// Millisecond precision, like a JS Date, so a dataset version read back into JS compares exactly.
export const dbNowMs = sql`date_trunc('milliseconds', clock_timestamp())`;
const createdAt = () => ts('created_at').notNull().default(dbNowMs);

export const datasets = pgTable('datasets', {
  id: id(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  createdAt: createdAt(),
});

/**
 * Items are never updated in place: an edit archives the old row and inserts a new one, so the
 * set of items at a point in time (a dataset version) never changes.
 */
export const datasetItems = pgTable('dataset_items', {
  id: id(),
  datasetId: uuid('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
  // Stable order for keyset paging.
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  input: jsonb('input').notNull(),
  expectedOutput: jsonb('expected_output'),
  metadata: jsonb('metadata').notNull().default({}),
  replacesId: uuid('replaces_id'),
  createdAt: createdAt(),
  archivedAt: ts('archived_at'),
}, (t) => [
  index('dataset_items_dataset_seq_idx').on(t.datasetId, t.seq),
]);

export const providerConnections = pgTable('provider_connections', {
  id: id(),
  name: text('name').notNull().unique(),
  baseUrl: text('base_url').notNull(),
  // AES-256-GCM ciphertext (lib/crypto/secret-box); never sent to the browser or logged.
  apiKeyEncrypted: text('api_key_encrypted'),
  requestsPerMinute: integer('requests_per_minute'),
  // Shared budget: optional tokens-per-minute limit, prompt + completion.
  tokensPerMinute: integer('tokens_per_minute'),
  isSimulator: boolean('is_simulator').notNull().default(false),
  createdAt: createdAt(),
});

export const prompts = pgTable('prompts', {
  id: id(),
  name: text('name').notNull().unique(),
  createdAt: createdAt(),
});

export const promptVersions = pgTable('prompt_versions', {
  id: id(),
  promptId: uuid('prompt_id').notNull().references(() => prompts.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  messages: jsonb('messages').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('prompt_versions_prompt_version_uq').on(t.promptId, t.version)]);

export const EXPERIMENT_STATUSES = ['QUEUED', 'RUNNING', 'STOPPED', 'COMPLETED', 'ERROR'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const experiments = pgTable('experiments', {
  id: id(),
  datasetId: uuid('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
  datasetVersion: ts('dataset_version').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  config: jsonb('config').notNull(),
  record: boolean('record').notNull().default(true),
  status: text('status').$type<ExperimentStatus>().notNull().default('QUEUED'),
  // Ownership: claimed_at is refreshed by the owner's heartbeat; claim_epoch grows on
  // every claim and fences result writes, so a worker that lost the claim writes nothing.
  claimedAt: ts('claimed_at'),
  claimedBy: text('claimed_by'),
  claimEpoch: integer('claim_epoch').notNull().default(0),
  toggledAt: ts('toggled_at'),
  lastError: text('last_error'),
  // Ephemeral runs: the page that started it refreshes this; stale = the page went away.
  clientSeenAt: ts('client_seen_at'),
  // Cheap progress for a polled table: maintained in the same transaction as each result write.
  totalRuns: integer('total_runs').notNull().default(0),
  runsSucceeded: integer('runs_succeeded').notNull().default(0),
  runsFailed: integer('runs_failed').notNull().default(0),
  itemsSkipped: integer('items_skipped').notNull().default(0),
  evalsCompleted: integer('evals_completed').notNull().default(0),
  evalsFailed: integer('evals_failed').notNull().default(0),
  evalsDelayed: integer('evals_delayed').notNull().default(0),
  errorsLogged: integer('errors_logged').notNull().default(0),
  rateLimitedAt: ts('rate_limited_at'),
  // Shared budget: 429s this experiment waited on, counted where rate_limited_at is set.
  rateLimitWaits: integer('rate_limit_waits').notNull().default(0),
  ...experimentCostColumns(),
  // ---- Call cache (drizzle/0011): runs answered from the cache (counted in runs_succeeded too).
  runsCached: integer('runs_cached').notNull().default(0),
  startedAt: ts('started_at'),
  finishedAt: ts('finished_at'),
  createdAt: createdAt(),
  // The user (auth_user.id) whose concurrency quota it counts against; null for experiments made
  // before sign-in. No foreign key: the record of who started it outlives the account.
  createdBy: text('created_by'),
  // ---- The fast table (drizzle/0007): the last change, set by a trigger on every update.
  updatedAt: ts('updated_at').notNull().default(sql`clock_timestamp()`),
}, (t) => [
  uniqueIndex('experiments_dataset_name_uq').on(t.datasetId, t.name),
  index('experiments_status_idx').on(t.status),
  // ---- The fast table: its pages (newest first) and its delta polls (changed since).
  index('experiments_updated_idx').on(t.updatedAt, t.id).where(sql`${t.record}`),
  index('experiments_dataset_updated_idx').on(t.datasetId, t.updatedAt, t.id).where(sql`${t.record}`),
  index('experiments_created_idx').on(t.createdAt, t.id).where(sql`${t.record}`),
  index('experiments_dataset_created_idx').on(t.datasetId, t.createdAt, t.id).where(sql`${t.record}`),
]);

// ---- The fast experiments table (drizzle/0007_experiments_polling.sql) ----

/**
 * Recorded experiments deleted in the last day (an AFTER DELETE trigger writes them), so a delta
 * poll can tell a table which rows to drop. No foreign key: the experiment is gone.
 */
export const experimentTombstones = pgTable('experiment_tombstones', {
  experimentId: uuid('experiment_id').primaryKey(),
  datasetId: uuid('dataset_id').notNull(),
  deletedAt: ts('deleted_at').notNull().default(sql`clock_timestamp()`),
}, (t) => [index('experiment_tombstones_deleted_idx').on(t.deletedAt)]);

/**
 * Sum and count of the COMPLETED scores per (experiment, evaluator), kept by a trigger on
 * evaluations: the table's averages are read from here instead of aggregating evaluations.
 */
export const experimentEvaluatorStats = pgTable('experiment_evaluator_stats', {
  experimentId: uuid('experiment_id').notNull().references(() => experiments.id, { onDelete: 'cascade' }),
  evaluatorName: text('evaluator_name').notNull(),
  scoreSum: numeric('score_sum').notNull().default('0'),
  scored: integer('scored').notNull().default(0),
  // Per variant (the run's); an experiment's average is over all its variants' rows.
  variant: integer('variant').notNull().default(0),
}, (t) => [primaryKey({ name: 'experiment_evaluator_stats_pk', columns: [t.experimentId, t.variant, t.evaluatorName] })]);

// ---- end of the fast experiments table ----

export const RUN_STATUSES = ['SUCCEEDED', 'FAILED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One outcome of a run: the run's latest on experiment_runs, each earlier one on run_attempts. */
function runOutcomeColumns() {
  return {
    status: text('status').$type<RunStatus>().notNull(),
    output: jsonb('output'),
    error: text('error'),
    latencyMs: integer('latency_ms'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    request: jsonb('request'),
    response: jsonb('response'),
  };
}

export const experimentRuns = pgTable('experiment_runs', {
  id: id(),
  experimentId: uuid('experiment_id').notNull().references(() => experiments.id, { onDelete: 'cascade' }),
  datasetItemId: uuid('dataset_item_id').notNull().references(() => datasetItems.id, { onDelete: 'cascade' }),
  repetition: integer('repetition').notNull(),
  ...runOutcomeColumns(),
  attempts: integer('attempts').notNull().default(1),
  // How many outcomes were recorded (rows in run_attempts); this row shows the latest of them.
  // Counted here, under the row lock of the upsert, so two writers never number alike.
  attemptCount: integer('attempt_count').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().default(sql`clock_timestamp()`),
  // ---- Scale (experiment page paging): the item's dataset_items.seq, filled on insert
  // by a trigger (drizzle/0008_scale.sql) when the writer leaves it out.
  itemSeq: bigint('item_seq', { mode: 'number' }),
  ...callCostColumns(),
  // ---- Call cache: answered from the cache, not by the provider.
  cached: boolean('cached').notNull().default(false),
  // ---- Variants (drizzle/0012): which of the experiment's variants made this call (0 = the first).
  variant: integer('variant').notNull().default(0),
}, (t) => [
  // The key that makes retries and crash recovery idempotent: no (item, repetition, variant) is run twice.
  uniqueIndex('experiment_runs_item_rep_variant_uq').on(t.experimentId, t.datasetItemId, t.repetition, t.variant),
  // The playground's "what changed since" poll.
  index('experiment_runs_experiment_updated_idx').on(t.experimentId, t.updatedAt),
  // ---- Scale: the experiment page's keyset pages, all runs and per status.
  index('experiment_runs_experiment_seq_variant_idx').on(t.experimentId, t.itemSeq, t.repetition, t.variant),
  index('experiment_runs_experiment_status_seq_variant_idx').on(t.experimentId, t.status, t.itemSeq, t.repetition, t.variant),
]);

/**
 * Every recorded outcome of a run, oldest first: a FAILED run that is resumed and runs again adds
 * attempt 2 here instead of losing attempt 1's error and response. Written in the same statement
 * as the run's upsert (lib/runner/store.ts recordRun).
 */
export const runAttempts = pgTable('run_attempts', {
  id: id(),
  runId: uuid('run_id').notNull().references(() => experimentRuns.id, { onDelete: 'cascade' }),
  experimentId: uuid('experiment_id').notNull().references(() => experiments.id, { onDelete: 'cascade' }),
  attempt: integer('attempt').notNull(),
  ...runOutcomeColumns(),
  // Provider calls this attempt made, its retries included (experiment_runs.attempts of the time).
  calls: integer('calls').notNull().default(1),
  createdAt: createdAt(),
  ...callCostColumns(),
}, (t) => [uniqueIndex('run_attempts_run_attempt_uq').on(t.runId, t.attempt)]);

export const EVALUATION_STATUSES = ['PENDING', 'COMPLETED', 'DELAYED', 'ERROR'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

export const evaluations = pgTable('evaluations', {
  id: id(),
  runId: uuid('run_id').notNull().references(() => experimentRuns.id, { onDelete: 'cascade' }),
  experimentId: uuid('experiment_id').notNull().references(() => experiments.id, { onDelete: 'cascade' }),
  evaluatorName: text('evaluator_name').notNull(),
  status: text('status').$type<EvaluationStatus>().notNull().default('PENDING'),
  score: doublePrecision('score'),
  label: text('label'),
  explanation: text('explanation'),
  error: text('error'),
  attempts: integer('attempts').notNull().default(0),
  firstAttemptAt: ts('first_attempt_at'),
  nextRetryAt: ts('next_retry_at'),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().default(sql`clock_timestamp()`),
  // The judge's call (costs): its usage beside the run's own.
  promptTokens: integer('prompt_tokens'),
  completionTokens: integer('completion_tokens'),
  ...callCostColumns(),
}, (t) => [
  uniqueIndex('evaluations_run_evaluator_uq').on(t.runId, t.evaluatorName),
  index('evaluations_experiment_idx').on(t.experimentId, t.status),
  // The maintenance repair scan looks only at DELAYED evaluations: keep it off the whole table.
  index('evaluations_delayed_idx').on(t.nextRetryAt).where(sql`${t.status} = 'DELAYED'`),
  // ---- The fast table: the playground's "what changed since" poll of evaluations.
  index('evaluations_experiment_updated_idx').on(t.experimentId, t.updatedAt),
  // ---- Scale: the experiment page's score filter.
  index('evaluations_experiment_evaluator_score_idx').on(t.experimentId, t.evaluatorName, t.score).where(sql`${t.status} = 'COMPLETED'`),
]);

export const experimentErrors = pgTable('experiment_errors', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  experimentId: uuid('experiment_id').notNull().references(() => experiments.id, { onDelete: 'cascade' }),
  at: ts('at').notNull().default(sql`clock_timestamp()`),
  // 'task', 'system', or 'evaluator:<name>'
  source: text('source').notNull(),
  kind: text('kind'),
  datasetItemId: uuid('dataset_item_id'),
  repetition: integer('repetition'),
  attempt: integer('attempt'),
  // The variant whose call failed (null for entries about the whole experiment).
  variant: integer('variant'),
  message: text('message').notNull(),
  // The entry's position in the experiment's log (1 = first ever logged; errors_logged = newest),
  // so trimming to the newest N is a range delete. A row written without one counts as the
  // oldest, so the cap still bounds it.
  seq: integer('seq').notNull().default(0),
}, (t) => [
  index('experiment_errors_experiment_idx').on(t.experimentId, t.id),
  index('experiment_errors_experiment_seq_idx').on(t.experimentId, t.seq),
]);

/** Key/value settings owned by the app (e.g. whether first-run seeding happened). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

/**
 * Admin-set quotas (lib/quotas): at most one row (id = 1). No row means the defaults in
 * lib/quotas/quota-schema.ts; a null column means no limit.
 */
export const quotas = pgTable('quotas', {
  id: integer('id').primaryKey().default(1),
  maxRepetitions: integer('max_repetitions'),
  maxTokens: integer('max_tokens'),
  maxItemsPerExperiment: integer('max_items_per_experiment'),
  maxConcurrentExperimentsPerUser: integer('max_concurrent_experiments_per_user'),
  updatedBy: text('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, () => [check('quotas_single_row', sql`id = 1`)]);

// ---- Work spreads (lib/runner/worker-registry.ts): the live worker registry ----

/**
 * One row per live worker process, upserted on its heartbeat and deleted on a graceful close; a
 * row whose heartbeat is older than a lease is dead. New work goes to the least-loaded live one.
 */
export const workers = pgTable('workers', {
  id: text('id').primaryKey(),
  startedAt: ts('started_at').notNull().defaultNow(),
  heartbeatAt: ts('heartbeat_at').notNull().defaultNow(),
  experimentsHeld: integer('experiments_held').notNull().default(0),
  callsInFlight: integer('calls_in_flight').notNull().default(0),
});

// ---- Shared provider budget (lib/runner/shared-budget.ts) ----

/**
 * One row per provider connection: what every worker has learned of its limit. Workers merge
 * their changes in every ~500 ms (increases add up, cuts take the lowest) and pace at their share.
 */
export const providerBudgets = pgTable('provider_budgets', {
  providerConnectionId: uuid('provider_connection_id').primaryKey().references(() => providerConnections.id, { onDelete: 'cascade' }),
  // Provider-wide adaptive rate, requests/second.
  rateRps: doublePrecision('rate_rps').notNull(),
  // Advertised by the provider (x-ratelimit-limit-requests / -tokens), per minute.
  learnedRpm: integer('learned_rpm'),
  learnedTpm: integer('learned_tpm'),
  // Still doubling towards an unknown limit: no worker has seen a 429 yet.
  slowStart: boolean('slow_start').notNull().default(true),
  lastCutAt: ts('last_cut_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Each worker's demand on a provider; rows older than a few seconds (database time) are dead workers. */
export const providerBudgetWorkers = pgTable('provider_budget_workers', {
  providerConnectionId: uuid('provider_connection_id').notNull().references(() => providerConnections.id, { onDelete: 'cascade' }),
  workerId: text('worker_id').notNull(),
  // Work waited on this worker's share since its last report: it wants more.
  backlogged: boolean('backlogged').notNull(),
  usedRps: doublePrecision('used_rps').notNull(),
  seenAt: ts('seen_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.providerConnectionId, t.workerId] }),
  index('provider_budget_workers_seen_idx').on(t.seenAt),
]);

// ---- Sign-in (better-auth's tables; field names are the library's, columns are ours) ----

export const ROLES = ['admin', 'member'] as const;

/** The created / updated pair every better-auth table has (new builders each call: a column belongs to one table). */
const authTimestamps = () => ({
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const user = pgTable('auth_user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  role: text('role').$type<(typeof ROLES)[number]>().notNull().default('member'),
  ...authTimestamps(),
});

export const session = pgTable('auth_session', {
  id: text('id').primaryKey(),
  expiresAt: ts('expires_at').notNull(),
  token: text('token').notNull().unique(),
  ipAddress: text('ip_address'),
  userAgent: text('user_agent'),
  userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
  ...authTimestamps(),
}, (t) => [index('auth_session_user_idx').on(t.userId)]);

export const account = pgTable('auth_account', {
  id: text('id').primaryKey(),
  accountId: text('account_id').notNull(),
  providerId: text('provider_id').notNull(),
  userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
  accessToken: text('access_token'),
  refreshToken: text('refresh_token'),
  idToken: text('id_token'),
  accessTokenExpiresAt: ts('access_token_expires_at'),
  refreshTokenExpiresAt: ts('refresh_token_expires_at'),
  scope: text('scope'),
  password: text('password'),
  ...authTimestamps(),
}, (t) => [index('auth_account_user_idx').on(t.userId)]);

export const verification = pgTable('auth_verification', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: ts('expires_at').notNull(),
  ...authTimestamps(),
});

/** API keys: only a hash of the key is stored (`key`); `start` is its first characters, for display. */
export const apikey = pgTable('auth_api_key', {
  id: text('id').primaryKey(),
  configId: text('config_id').notNull().default('default'),
  name: text('name'),
  start: text('start'),
  referenceId: text('reference_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
  prefix: text('prefix'),
  key: text('key').notNull(),
  refillInterval: integer('refill_interval'),
  refillAmount: integer('refill_amount'),
  lastRefillAt: ts('last_refill_at'),
  enabled: boolean('enabled').default(true),
  rateLimitEnabled: boolean('rate_limit_enabled').default(true),
  rateLimitTimeWindow: integer('rate_limit_time_window'),
  rateLimitMax: integer('rate_limit_max'),
  requestCount: integer('request_count').default(0),
  remaining: integer('remaining'),
  lastRequest: ts('last_request'),
  expiresAt: ts('expires_at'),
  permissions: text('permissions'),
  metadata: text('metadata'),
  ...authTimestamps(),
}, (t) => [index('auth_api_key_key_idx').on(t.key), index('auth_api_key_reference_idx').on(t.referenceId)]);

export const rateLimit = pgTable('auth_rate_limit', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique(),
  count: integer('count').notNull(),
  lastRequest: bigint('last_request', { mode: 'number' }).notNull(),
});


// ---- Costs (lib/costs, drizzle/0010_costs.sql) ----

/**
 * Prices per (provider connection, model), US dollars per million tokens, set in Settings. A model
 * with no row here falls back to the defaults shipped in lib/costs/default-prices.ts.
 */
export const modelPrices = pgTable('model_prices', {
  providerConnectionId: uuid('provider_connection_id').notNull().references(() => providerConnections.id, { onDelete: 'cascade' }),
  model: text('model').notNull(),
  inputPerMTok: numeric('input_per_mtok', { mode: 'number' }).notNull(),
  // Null: cached prompt tokens are charged as input.
  cachedInputPerMTok: numeric('cached_input_per_mtok', { mode: 'number' }),
  outputPerMTok: numeric('output_per_mtok', { mode: 'number' }).notNull(),
  // ISO date (YYYY-MM-DD) the price was last known right: shown as "prices as of ...".
  asOf: text('as_of').notNull(),
  updatedBy: text('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ name: 'model_prices_pk', columns: [t.providerConnectionId, t.model] })]);

// Function declarations (hoisted), spread into the tables above, so this area stays one block.

/**
 * One provider call's cost, on experiment_runs, run_attempts and evaluations. `price` is the
 * snapshot it was charged at (lib/costs ModelPrice), so a later price edit never rewrites it; a
 * null price with tokens means "no price set", and cost_usd is null then, never 0.
 */
function callCostColumns() {
  return {
    cachedPromptTokens: integer('cached_prompt_tokens'),
    costUsd: numeric('cost_usd', { mode: 'number' }),
    price: jsonb('price'),
  };
}

/**
 * Totals of every recorded call of an experiment (tasks and judges, superseded attempts
 * included: they were paid), moved in the same statement that records the call.
 */
function experimentCostColumns() {
  return {
    promptTokens: bigint('prompt_tokens', { mode: 'number' }).notNull().default(0),
    completionTokens: bigint('completion_tokens', { mode: 'number' }).notNull().default(0),
    cachedPromptTokens: bigint('cached_prompt_tokens', { mode: 'number' }).notNull().default(0),
    costUsd: numeric('cost_usd', { mode: 'number' }).notNull().default(0),
    // Calls that used tokens but had no price: their cost is unknown, not zero.
    unpricedCalls: integer('unpriced_calls').notNull().default(0),
  };
}

// ---- end of costs ----

// ---- Variants (drizzle/0012_variants.sql) ----

/** One variant of an experiment (a prompt x model x parameters), with its own counters; variant 0 for a single-variant experiment. */
export const experimentVariants = pgTable('experiment_variants', {
  experimentId: uuid('experiment_id').notNull().references(() => experiments.id, { onDelete: 'cascade' }),
  variant: integer('variant').notNull(),
  name: text('name').notNull(),
  providerConnectionId: uuid('provider_connection_id'),
  model: text('model').notNull(),
  totalRuns: integer('total_runs').notNull().default(0),
  runsSucceeded: integer('runs_succeeded').notNull().default(0),
  runsFailed: integer('runs_failed').notNull().default(0),
  runsCached: integer('runs_cached').notNull().default(0),
  ...experimentCostColumns(),
  latencyMsSum: bigint('latency_ms_sum', { mode: 'number' }).notNull().default(0),
}, (t) => [primaryKey({ name: 'experiment_variants_pk', columns: [t.experimentId, t.variant] })]);

// ---- end of variants ----

// ---- Call cache (drizzle/0011): identical calls answered from here (lib/runner/call-cache.ts).
export const callCache = pgTable('call_cache', {
  key: text('key').primaryKey(),
  output: jsonb('output'),
  promptTokens: integer('prompt_tokens'),
  completionTokens: integer('completion_tokens'),
  bytes: integer('bytes').notNull(),
  hits: integer('hits').notNull().default(0),
  createdAt: createdAt(),
  lastUsedAt: ts('last_used_at').notNull().defaultNow(),
}, (t) => [index('call_cache_last_used_idx').on(t.lastUsedAt)]);

// ---- Finished-run webhook (lib/webhooks, drizzle/0013_webhooks.sql) ----

/** The install's webhook: at most one row (id = 1). The secret is sealed (lib/crypto/secret-box). */
export const webhookSettings = pgTable('webhook_settings', {
  id: integer('id').primaryKey().default(1),
  url: text('url').notNull(),
  secretEncrypted: text('secret_encrypted').notNull(),
  // Shown in Settings so an admin can tell which secret is set; the rest never leaves the server.
  secretLast4: text('secret_last4').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  updatedBy: text('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, () => [check('webhook_settings_single_row', sql`id = 1`)]);

export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One webhook call and its attempts. A trigger on experiments inserts a row when a recorded
 * experiment ends; the worker sends it (lib/webhooks/deliveries.ts). No foreign key: the record of
 * a delivery outlives a deleted experiment.
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: id(),
  experimentId: uuid('experiment_id'),
  experimentName: text('experiment_name'),
  event: text('event').notNull(),
  // The end that queued it, as the experiment was at that moment.
  experimentStatus: text('experiment_status').$type<ExperimentStatus>(),
  experimentLastError: text('experiment_last_error'),
  status: text('status').$type<WebhookDeliveryStatus>().notNull().default('PENDING'),
  attempts: integer('attempts').notNull().default(0),
  // When the next attempt is due (null once it is DELIVERED or FAILED).
  nextAttemptAt: ts('next_attempt_at').default(sql`clock_timestamp()`),
  // When a job for the next attempt was sent: null = the worker's scan has yet to send one.
  jobSentAt: ts('job_sent_at'),
  // An attempt in progress holds the row until then, so two jobs never send the same attempt.
  lockedUntil: ts('locked_until'),
  lastHttpStatus: integer('last_http_status'),
  lastError: text('last_error'),
  // The JSON body as first sent (text, not jsonb, which reorders keys): every retry sends the same bytes.
  body: text('body'),
  createdAt: ts('created_at').notNull().default(sql`clock_timestamp()`),
  updatedAt: ts('updated_at').notNull().default(sql`clock_timestamp()`),
  deliveredAt: ts('delivered_at'),
}, (t) => [
  index('webhook_deliveries_created_idx').on(t.createdAt),
  index('webhook_deliveries_pending_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'PENDING'`),
]);

// ---- end of finished-run webhook ----
