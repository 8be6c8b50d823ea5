DROP TABLE standard_replies;
ALTER TABLE referrals DROP COLUMN rerouted_at;
