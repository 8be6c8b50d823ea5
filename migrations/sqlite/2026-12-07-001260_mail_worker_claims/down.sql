ALTER TABLE outbox DROP COLUMN claimed_by;
DROP TABLE mail_workers;
