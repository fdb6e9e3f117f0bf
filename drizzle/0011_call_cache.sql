-- Call cache: identical calls answered from PostgreSQL. The key is a hash of what the
-- provider would see (endpoint, model, parameters, messages, schema); the size cap evicts by last use.
CREATE TABLE IF NOT EXISTS "call_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"output" jsonb,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"bytes" integer NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', clock_timestamp()) NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "call_cache_last_used_idx" ON "call_cache" USING btree ("last_used_at");--> statement-breakpoint
ALTER TABLE "experiment_runs" ADD COLUMN IF NOT EXISTS "cached" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN IF NOT EXISTS "runs_cached" integer DEFAULT 0 NOT NULL;
