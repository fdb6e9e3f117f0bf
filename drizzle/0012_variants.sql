-- Variants: one experiment runs several (prompt, model, parameters) variants. A run is
-- one (item, repetition, variant) call; a single-variant experiment has only variant 0.
ALTER TABLE "experiment_runs" ADD COLUMN IF NOT EXISTS "variant" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "experiment_runs_item_rep_variant_uq" ON "experiment_runs" USING btree ("experiment_id","dataset_item_id","repetition","variant");--> statement-breakpoint
DROP INDEX IF EXISTS "experiment_runs_item_rep_uq";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "experiment_runs_experiment_seq_variant_idx" ON "experiment_runs" USING btree ("experiment_id","item_seq","repetition","variant");--> statement-breakpoint
DROP INDEX IF EXISTS "experiment_runs_experiment_seq_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "experiment_runs_experiment_status_seq_variant_idx" ON "experiment_runs" USING btree ("experiment_id","status","item_seq","repetition","variant");--> statement-breakpoint
DROP INDEX IF EXISTS "experiment_runs_experiment_status_seq_idx";--> statement-breakpoint
ALTER TABLE "experiment_errors" ADD COLUMN IF NOT EXISTS "variant" integer;--> statement-breakpoint
-- Per-variant progress, usage and cost, moved in the same statement as the experiment's own counters.
CREATE TABLE IF NOT EXISTS "experiment_variants" (
	"experiment_id" uuid NOT NULL,
	"variant" integer NOT NULL,
	"name" text NOT NULL,
	"provider_connection_id" uuid,
	"model" text NOT NULL,
	"total_runs" integer DEFAULT 0 NOT NULL,
	"runs_succeeded" integer DEFAULT 0 NOT NULL,
	"runs_failed" integer DEFAULT 0 NOT NULL,
	"runs_cached" integer DEFAULT 0 NOT NULL,
	"prompt_tokens" bigint DEFAULT 0 NOT NULL,
	"completion_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_prompt_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_usd" numeric DEFAULT 0 NOT NULL,
	"unpriced_calls" integer DEFAULT 0 NOT NULL,
	"latency_ms_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "experiment_variants_pk" PRIMARY KEY("experiment_id","variant")
);--> statement-breakpoint
DO $$ BEGIN
  ALTER TABLE "experiment_variants" ADD CONSTRAINT "experiment_variants_experiment_id_experiments_id_fk"
    FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;--> statement-breakpoint
-- Experiments made before variants are their own variant 0.
INSERT INTO "experiment_variants" ("experiment_id", "variant", "name", "provider_connection_id", "model", "total_runs",
  "runs_succeeded", "runs_failed", "runs_cached", "prompt_tokens", "completion_tokens", "cached_prompt_tokens", "cost_usd", "unpriced_calls")
SELECT "id", 0, coalesce("config"->>'model', ''), nullif("config"->>'providerConnectionId', '')::uuid, coalesce("config"->>'model', ''),
  "total_runs", "runs_succeeded", "runs_failed", "runs_cached", "prompt_tokens", "completion_tokens", "cached_prompt_tokens", "cost_usd", "unpriced_calls"
FROM "experiments"
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Evaluator score sums per variant (the experiment's are their sum).
ALTER TABLE "experiment_evaluator_stats" ADD COLUMN IF NOT EXISTS "variant" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "experiment_evaluator_stats" DROP CONSTRAINT IF EXISTS "experiment_evaluator_stats_pk";--> statement-breakpoint
ALTER TABLE "experiment_evaluator_stats" ADD CONSTRAINT "experiment_evaluator_stats_pk" PRIMARY KEY("experiment_id","variant","evaluator_name");--> statement-breakpoint
CREATE OR REPLACE FUNCTION evaluations_count_score() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v integer;
BEGIN
  SELECT variant INTO v FROM experiment_runs WHERE id = coalesce(NEW.run_id, OLD.run_id);
  v := coalesce(v, 0);
  IF TG_OP = 'UPDATE' AND OLD.status = 'COMPLETED' AND OLD.score IS NOT NULL THEN
    UPDATE experiment_evaluator_stats SET score_sum = score_sum - OLD.score::numeric, scored = scored - 1
      WHERE experiment_id = OLD.experiment_id AND variant = v AND evaluator_name = OLD.evaluator_name;
  END IF;
  IF NEW.status = 'COMPLETED' AND NEW.score IS NOT NULL THEN
    INSERT INTO experiment_evaluator_stats (experiment_id, variant, evaluator_name, score_sum, scored)
      VALUES (NEW.experiment_id, v, NEW.evaluator_name, NEW.score::numeric, 1)
      ON CONFLICT (experiment_id, variant, evaluator_name) DO UPDATE
        SET score_sum = experiment_evaluator_stats.score_sum + excluded.score_sum, scored = experiment_evaluator_stats.scored + 1;
  END IF;
  RETURN NULL;
END $$;
