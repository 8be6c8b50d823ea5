-- Quarantine mode of the antivirus (issue 16 point 4): an upload received while clamd cannot
-- be reached is stored as `pending`, served to nobody, and scanned again by a background job;
-- it becomes `clean`, or `infected` (its file deleted). Every earlier upload was scanned first.
ALTER TABLE attachments ADD COLUMN scan_state TEXT NOT NULL DEFAULT 'clean';
CREATE INDEX attachments_pending_scan ON attachments (scan_state) WHERE scan_state = 'pending';
