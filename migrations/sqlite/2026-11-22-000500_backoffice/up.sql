-- Back office: the normalised text the inboxes search (professional name, e-mail, RPPS,
-- commune, request number; lower-case without accents, maintained by the application) and the
-- indexes of the inbox queries (keyset pagination by deadline or date within a département).
ALTER TABLE requests ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX requests_inbox_due ON requests (departement_code, state, qualification_due_at, id);
CREATE INDEX requests_inbox_submitted ON requests (departement_code, submitted_at, id);
CREATE INDEX referrals_inbox_due ON referrals (institution_id, state, due_at, request_id);
CREATE INDEX messages_request_author ON messages (request_id, author_id);
