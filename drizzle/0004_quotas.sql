CREATE TABLE "quotas" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"max_repetitions" integer,
	"max_tokens" integer,
	"max_items_per_experiment" integer,
	"max_concurrent_experiments_per_user" integer,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quotas_single_row" CHECK (id = 1)
);
--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "created_by" text;