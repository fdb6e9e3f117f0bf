-- Work spreads: the live worker registry. Each worker upserts its row on its heartbeat
-- and deletes it on a graceful close; a row whose heartbeat is older than a lease is dead.
CREATE TABLE IF NOT EXISTS "workers" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"experiments_held" integer DEFAULT 0 NOT NULL,
	"calls_in_flight" integer DEFAULT 0 NOT NULL
);
