DROP INDEX attachments_pending_scan;
ALTER TABLE attachments DROP COLUMN scan_state;
