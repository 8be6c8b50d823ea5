-- The national directory of institutions (reference/institutions): each imported row keeps its
-- stable key, so that re-running `guichet import institutions` updates instead of duplicating.
-- `communes`: INSEE codes (space-separated) when the institution covers less than its
-- département (several CPAMs in the Nord); empty = the whole territory. A deactivated
-- institution is kept for its history and no longer receives referrals.
ALTER TABLE institutions ADD COLUMN directory_key TEXT;
ALTER TABLE institutions ADD COLUMN communes TEXT NOT NULL DEFAULT '';
ALTER TABLE institutions ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE institutions ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE institutions ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE institutions ADD COLUMN deactivated_at TIMESTAMP;
CREATE UNIQUE INDEX institutions_directory_key ON institutions (directory_key);
