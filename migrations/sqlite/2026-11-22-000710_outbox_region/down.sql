DROP INDEX outbox_region_status;
ALTER TABLE outbox DROP COLUMN region_code;
