-- Partner handling (issue 15). A referral its institution passed to another one is
-- *réorientée*: it leaves the active list (`removed_at`) and `rerouted_at` says why, so that its
-- former institution no longer reads the request (a withdrawn one keeps reading what it wrote).
ALTER TABLE referrals ADD COLUMN rerouted_at TIMESTAMP;

-- Standard replies of an institution: its agents pick one to fill an answer. Never shown to
-- another institution.
CREATE TABLE standard_replies (
    id TEXT PRIMARY KEY NOT NULL,
    institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX standard_replies_institution ON standard_replies (institution_id);
