-- Commitments (issue 15): a granted aid application creates the commitments its rule version
-- declares (`tracked_commitments` of config/aides/<CODE>.toml), dated from the signature, with
-- the commune and zone of the request; each has milestones followed by the granting
-- institution (status: slug of domain::commitment::MilestoneStatus) and reminded by e-mail.
-- They go with their request and referral (retention, removal).
CREATE TABLE commitments (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    referral_id TEXT NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
    institution_id TEXT,
    professional_id TEXT NOT NULL,
    aid_code TEXT NOT NULL,
    version_label TEXT NOT NULL,
    commitment_key TEXT NOT NULL,
    label TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE,
    commune_insee TEXT,
    zone TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX commitments_request ON commitments (request_id);
CREATE INDEX commitments_professional ON commitments (professional_id);
CREATE INDEX commitments_institution ON commitments (institution_id);

CREATE TABLE commitment_milestones (
    id TEXT PRIMARY KEY NOT NULL,
    commitment_id TEXT NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
    milestone_key TEXT NOT NULL,
    label TEXT NOT NULL,
    due_on DATE NOT NULL,
    remind_on DATE NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    comment TEXT,
    recorded_by TEXT,
    recorded_at TIMESTAMP,
    reminded_at TIMESTAMP
);
CREATE INDEX commitment_milestones_commitment ON commitment_milestones (commitment_id);
CREATE INDEX commitment_milestones_reminder ON commitment_milestones (reminded_at, remind_on);
