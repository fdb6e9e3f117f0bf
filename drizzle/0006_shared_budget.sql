-- Shared provider budget: one learned limit and adaptive rate per provider connection,
-- each worker's demand on it, an optional tokens-per-minute limit, and a count of rate-limit waits.
ALTER TABLE "provider_connections" ADD COLUMN IF NOT EXISTS "tokens_per_minute" integer;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN IF NOT EXISTS "rate_limit_waits" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "provider_budgets" (
	"provider_connection_id" uuid PRIMARY KEY NOT NULL,
	"rate_rps" double precision NOT NULL,
	"learned_rpm" integer,
	"learned_tpm" integer,
	"slow_start" boolean DEFAULT true NOT NULL,
	"last_cut_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_budgets_provider_connection_id_provider_connections_id_fk" FOREIGN KEY ("provider_connection_id") REFERENCES "public"."provider_connections"("id") ON DELETE cascade ON UPDATE no action
);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "provider_budget_workers" (
	"provider_connection_id" uuid NOT NULL,
	"worker_id" text NOT NULL,
	"backlogged" boolean NOT NULL,
	"used_rps" double precision NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_budget_workers_provider_connection_id_worker_id_pk" PRIMARY KEY("provider_connection_id","worker_id"),
	CONSTRAINT "provider_budget_workers_provider_connection_id_provider_connections_id_fk" FOREIGN KEY ("provider_connection_id") REFERENCES "public"."provider_connections"("id") ON DELETE cascade ON UPDATE no action
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "provider_budget_workers_seen_idx" ON "provider_budget_workers" USING btree ("seen_at");
