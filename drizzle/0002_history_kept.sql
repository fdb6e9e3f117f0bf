CREATE TABLE "run_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"status" text NOT NULL,
	"output" jsonb,
	"error" text,
	"calls" integer DEFAULT 1 NOT NULL,
	"latency_ms" integer,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"request" jsonb,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', clock_timestamp()) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "experiment_errors" ADD COLUMN "seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "experiment_runs" ADD COLUMN "attempt_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "run_attempts" ADD CONSTRAINT "run_attempts_run_id_experiment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."experiment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_attempts" ADD CONSTRAINT "run_attempts_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "run_attempts_run_attempt_uq" ON "run_attempts" USING btree ("run_id","attempt");--> statement-breakpoint
CREATE INDEX "experiment_errors_experiment_seq_idx" ON "experiment_errors" USING btree ("experiment_id","seq");--> statement-breakpoint
-- Backfill: existing log entries get their position in order of writing.
UPDATE "experiment_errors" e SET "seq" = n."seq"
FROM (SELECT "id", row_number() OVER (PARTITION BY "experiment_id" ORDER BY "id") AS "seq" FROM "experiment_errors") n
WHERE e."id" = n."id";--> statement-breakpoint
-- Backfill: each existing run's outcome is its attempt 1 (run_attempts keeps only superseded ones).
UPDATE "experiment_runs" SET "attempt_count" = 1;
