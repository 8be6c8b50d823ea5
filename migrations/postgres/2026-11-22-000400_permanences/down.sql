ALTER TABLE outbox DROP COLUMN attachment_body;
ALTER TABLE outbox DROP COLUMN attachment_content_type;
ALTER TABLE outbox DROP COLUMN attachment_name;
DROP TABLE permanence_bookings;
DROP TABLE permanence_slots;
DROP TABLE permanence_session_institutions;
DROP TABLE permanence_sessions;
