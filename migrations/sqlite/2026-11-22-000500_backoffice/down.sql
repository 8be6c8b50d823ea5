DROP INDEX messages_request_author;
DROP INDEX referrals_inbox_due;
DROP INDEX requests_inbox_submitted;
DROP INDEX requests_inbox_due;
ALTER TABLE requests DROP COLUMN search_text;
