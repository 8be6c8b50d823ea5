ALTER TABLE referrals DROP COLUMN decision_document_id;
ALTER TABLE referrals DROP COLUMN file_number;
ALTER TABLE referrals DROP COLUMN signed_on;
ALTER TABLE referrals DROP COLUMN amount_cents;
ALTER TABLE referrals DROP COLUMN outcome;
