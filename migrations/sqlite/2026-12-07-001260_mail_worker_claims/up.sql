-- Crash safety of the outbox: each worker instance beats a heartbeat, and a claim names the
-- instance holding it, so that a dead instance's claims are taken over within seconds instead
-- of waiting for the end of their lease.
CREATE TABLE mail_workers (
    id TEXT PRIMARY KEY NOT NULL,
    heartbeat_at TIMESTAMP NOT NULL
);
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
