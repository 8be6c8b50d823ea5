-- Structured decisions (issue 15): a partner's answer to a referral carries its outcome
-- (slug of domain::request::DecisionOutcome) and, where it applies, the amount granted in
-- cents, the signature date, the contract or file number and the document that carries it.
-- All nullable: answers given before keep their text only. The document id has no foreign key
-- (SQLite cannot drop such a column): a document removed since is simply no longer shown.
ALTER TABLE referrals ADD COLUMN outcome TEXT;
ALTER TABLE referrals ADD COLUMN amount_cents BIGINT;
ALTER TABLE referrals ADD COLUMN signed_on DATE;
ALTER TABLE referrals ADD COLUMN file_number TEXT;
ALTER TABLE referrals ADD COLUMN decision_document_id TEXT;
