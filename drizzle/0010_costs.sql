-- Costs: usage and cost of every provider call, experiment totals moved in the same
-- statement that records a call, and prices per (provider connection, model). Safe on a database
-- with data: old rows get null usage/cost (unknown) and zero totals.
CREATE TABLE IF NOT EXISTS "model_prices" (
	"provider_connection_id" uuid NOT NULL REFERENCES "provider_connections"("id") ON DELETE cascade,
	"model" text NOT NULL,
	"input_per_mtok" numeric NOT NULL,
	"cached_input_per_mtok" numeric,
	"output_per_mtok" numeric NOT NULL,
	"as_of" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_prices_pk" PRIMARY KEY("provider_connection_id","model")
);--> statement-breakpoint
ALTER TABLE "experiment_runs" ADD COLUMN IF NOT EXISTS "cached_prompt_tokens" integer;--> statement-breakpoint
ALTER TABLE "experiment_runs" ADD COLUMN IF NOT EXISTS "cost_usd" numeric;--> statement-breakpoint
ALTER TABLE "experiment_runs" ADD COLUMN IF NOT EXISTS "price" jsonb;--> statement-breakpoint
ALTER TABLE "run_attempts" ADD COLUMN IF NOT EXISTS "cached_prompt_tokens" integer;--> statement-breakpoint
ALTER TABLE "run_attempts" ADD COLUMN IF NOT EXISTS "cost_usd" numeric;--> statement-breakpoint
ALTER TABLE "run_attempts" ADD COLUMN IF NOT EXISTS "price" jsonb;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN IF NOT EXISTS "prompt_tokens" integer;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN IF NOT EXISTS "completion_tokens" integer;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN IF NOT EXISTS "cached_prompt_tokens" integer;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN IF NOT EXISTS "cost_usd" numeric;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN IF NOT EXISTS "price" jsonb;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN IF NOT EXISTS "prompt_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN IF NOT EXISTS "completion_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN IF NOT EXISTS "cached_prompt_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN IF NOT EXISTS "cost_usd" numeric DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN IF NOT EXISTS "unpriced_calls" integer DEFAULT 0 NOT NULL;
