-- The fast experiments table: a change time on every experiment (kept by a trigger, so
-- every writer moves it), indexes for the table's pages and its delta polls, a log of deleted
-- experiments (so a poll can say which rows went), per-evaluator score sums (so the table's
-- averages are read, not aggregated) and an index for the playground's evaluation changes.
ALTER TABLE "experiments" ADD COLUMN IF NOT EXISTS "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ALTER COLUMN "updated_at" SET DEFAULT clock_timestamp();--> statement-breakpoint
CREATE OR REPLACE FUNCTION experiments_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- clock_timestamp, not now(): a change is stamped no earlier than its transaction began, which
  -- is what the commit-safe poll cursor relies on (lib/db/change-cursor.ts).
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "experiments_touch_updated_at" ON "experiments";--> statement-breakpoint
CREATE TRIGGER "experiments_touch_updated_at" BEFORE UPDATE ON "experiments"
  FOR EACH ROW EXECUTE FUNCTION experiments_touch_updated_at();--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "experiments_updated_idx" ON "experiments" USING btree ("updated_at","id") WHERE "experiments"."record";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "experiments_dataset_updated_idx" ON "experiments" USING btree ("dataset_id","updated_at","id") WHERE "experiments"."record";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "experiments_created_idx" ON "experiments" USING btree ("created_at","id") WHERE "experiments"."record";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "experiments_dataset_created_idx" ON "experiments" USING btree ("dataset_id","created_at","id") WHERE "experiments"."record";--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "experiment_tombstones" (
	"experiment_id" uuid PRIMARY KEY NOT NULL,
	"dataset_id" uuid NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "experiment_tombstones_deleted_idx" ON "experiment_tombstones" USING btree ("deleted_at");--> statement-breakpoint
CREATE OR REPLACE FUNCTION experiments_log_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only listed (recorded) experiments appear in a table; the log is kept for a day.
  IF OLD.record THEN
    INSERT INTO experiment_tombstones (experiment_id, dataset_id) VALUES (OLD.id, OLD.dataset_id)
      ON CONFLICT (experiment_id) DO UPDATE SET deleted_at = clock_timestamp();
  END IF;
  DELETE FROM experiment_tombstones WHERE deleted_at < clock_timestamp() - interval '1 day';
  RETURN OLD;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "experiments_log_deletion" ON "experiments";--> statement-breakpoint
CREATE TRIGGER "experiments_log_deletion" AFTER DELETE ON "experiments"
  FOR EACH ROW EXECUTE FUNCTION experiments_log_deletion();--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "experiment_evaluator_stats" (
	"experiment_id" uuid NOT NULL,
	"evaluator_name" text NOT NULL,
	"score_sum" numeric DEFAULT 0 NOT NULL,
	"scored" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "experiment_evaluator_stats_pk" PRIMARY KEY("experiment_id","evaluator_name")
);--> statement-breakpoint
DO $$ BEGIN
  ALTER TABLE "experiment_evaluator_stats" ADD CONSTRAINT "experiment_evaluator_stats_experiment_id_experiments_id_fk"
    FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;--> statement-breakpoint
-- Evaluations are deleted only with their experiment (whose stats go with it by cascade), so only
-- inserts and updates move the sums. Writers of an experiment's evaluations hold its row lock
-- first (lib/runner/store.ts), so these upserts never deadlock with each other.
CREATE OR REPLACE FUNCTION evaluations_count_score() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'COMPLETED' AND OLD.score IS NOT NULL THEN
    UPDATE experiment_evaluator_stats SET score_sum = score_sum - OLD.score::numeric, scored = scored - 1
      WHERE experiment_id = OLD.experiment_id AND evaluator_name = OLD.evaluator_name;
  END IF;
  IF NEW.status = 'COMPLETED' AND NEW.score IS NOT NULL THEN
    INSERT INTO experiment_evaluator_stats (experiment_id, evaluator_name, score_sum, scored)
      VALUES (NEW.experiment_id, NEW.evaluator_name, NEW.score::numeric, 1)
      ON CONFLICT (experiment_id, evaluator_name) DO UPDATE
        SET score_sum = experiment_evaluator_stats.score_sum + excluded.score_sum, scored = experiment_evaluator_stats.scored + 1;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "evaluations_count_score_insert" ON "evaluations";--> statement-breakpoint
CREATE TRIGGER "evaluations_count_score_insert" AFTER INSERT ON "evaluations"
  FOR EACH ROW WHEN (NEW.status = 'COMPLETED' AND NEW.score IS NOT NULL) EXECUTE FUNCTION evaluations_count_score();--> statement-breakpoint
DROP TRIGGER IF EXISTS "evaluations_count_score_update" ON "evaluations";--> statement-breakpoint
CREATE TRIGGER "evaluations_count_score_update" AFTER UPDATE ON "evaluations"
  FOR EACH ROW WHEN ((OLD.status = 'COMPLETED' AND OLD.score IS NOT NULL) OR (NEW.status = 'COMPLETED' AND NEW.score IS NOT NULL))
  EXECUTE FUNCTION evaluations_count_score();--> statement-breakpoint
-- Backfill from the evaluations already recorded.
INSERT INTO "experiment_evaluator_stats" ("experiment_id", "evaluator_name", "score_sum", "scored")
SELECT "experiment_id", "evaluator_name", sum("score"::numeric), count("score")
FROM "evaluations" WHERE "status" = 'COMPLETED' AND "score" IS NOT NULL
GROUP BY "experiment_id", "evaluator_name"
ON CONFLICT ("experiment_id", "evaluator_name") DO UPDATE SET "score_sum" = excluded."score_sum", "scored" = excluded."scored";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "evaluations_experiment_updated_idx" ON "evaluations" USING btree ("experiment_id","updated_at");
