-- The finished-run webhook: one per install (its URL and encrypted signing secret), and
-- its deliveries. A trigger on experiments queues a delivery in the same statement that ends a
-- recorded experiment, so no end is missed whichever code path ends it; the worker sends it.
CREATE TABLE IF NOT EXISTS "webhook_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"url" text NOT NULL,
	"secret_encrypted" text NOT NULL,
	"secret_last4" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_settings_single_row" CHECK (id = 1)
);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"experiment_id" uuid,
	"experiment_name" text,
	"event" text NOT NULL,
	"experiment_status" text,
	"experiment_last_error" text,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT clock_timestamp(),
	"job_sent_at" timestamp with time zone,
	"locked_until" timestamp with time zone,
	"last_http_status" integer,
	"last_error" text,
	"body" text,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"delivered_at" timestamp with time zone
);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webhook_deliveries_created_idx" ON "webhook_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webhook_deliveries_pending_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'PENDING';--> statement-breakpoint
CREATE OR REPLACE FUNCTION experiments_queue_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only the move into an end counts (finishing writes other columns of an ended row too), and
  -- ephemeral playground runs never call out.
  IF NEW.record AND NEW.status IN ('COMPLETED', 'STOPPED', 'ERROR') AND OLD.status NOT IN ('COMPLETED', 'STOPPED', 'ERROR')
     AND EXISTS (SELECT 1 FROM webhook_settings WHERE enabled) THEN
    INSERT INTO webhook_deliveries (experiment_id, experiment_name, event, experiment_status, experiment_last_error)
      VALUES (NEW.id, NEW.name, 'experiment.finished', NEW.status, NEW.last_error);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "experiments_queue_webhook" ON "experiments";--> statement-breakpoint
CREATE TRIGGER "experiments_queue_webhook" AFTER UPDATE OF "status" ON "experiments"
  FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status) EXECUTE FUNCTION experiments_queue_webhook();
