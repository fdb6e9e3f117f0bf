-- 100k-item experiments: the experiment page pages its runs by key (dataset order) and
-- serves each filter from an index. Safe on a database with data: every step is idempotent.

-- A run's item position (dataset_items.seq), so dataset order is a column of the run itself and a
-- page is an index range instead of a join and sort of every run.
ALTER TABLE "experiment_runs" ADD COLUMN IF NOT EXISTS "item_seq" bigint;--> statement-breakpoint

-- Filled on insert when the writer leaves it out (a primary-key probe on the run's item).
CREATE OR REPLACE FUNCTION "experiment_runs_fill_item_seq"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."item_seq" IS NULL THEN
    SELECT "seq" INTO NEW."item_seq" FROM "dataset_items" WHERE "id" = NEW."dataset_item_id";
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "experiment_runs_fill_item_seq" ON "experiment_runs";--> statement-breakpoint
CREATE TRIGGER "experiment_runs_fill_item_seq" BEFORE INSERT ON "experiment_runs"
  FOR EACH ROW EXECUTE FUNCTION "experiment_runs_fill_item_seq"();--> statement-breakpoint

UPDATE "experiment_runs" r SET "item_seq" = i."seq"
  FROM "dataset_items" i WHERE i."id" = r."dataset_item_id" AND r."item_seq" IS NULL;--> statement-breakpoint

-- Every run in dataset order (the unfiltered page), and per status (Succeeded / Failed tabs).
CREATE INDEX IF NOT EXISTS "experiment_runs_experiment_seq_idx" ON "experiment_runs" USING btree ("experiment_id","item_seq","repetition");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "experiment_runs_experiment_status_seq_idx" ON "experiment_runs" USING btree ("experiment_id","status","item_seq","repetition");--> statement-breakpoint

-- The score filter: one evaluator's completed scores of an experiment, as a range.
CREATE INDEX IF NOT EXISTS "evaluations_experiment_evaluator_score_idx" ON "evaluations" USING btree ("experiment_id","evaluator_name","score") WHERE "evaluations"."status" = 'COMPLETED';
