-- Requests of professionals, their referrals to institutions, SLA clock pauses, the immutable
-- timeline, messages (with read receipts) and attachments.
CREATE TABLE counters (
    name TEXT PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);

CREATE TABLE requests (
    id TEXT PRIMARY KEY NOT NULL,
    number TEXT NOT NULL UNIQUE,
    professional_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    aid_code TEXT,
    state TEXT NOT NULL,
    priority TEXT NOT NULL,
    coordination TEXT NOT NULL,
    referent_id TEXT REFERENCES users (id),
    commune_insee TEXT REFERENCES communes (insee),
    departement_code TEXT REFERENCES departements (code),
    region_code TEXT REFERENCES regions (code),
    draft TEXT NOT NULL,
    eligibility_snapshot TEXT,
    submitted_at TIMESTAMP,
    qualification_due_at TIMESTAMP,
    routed_at TIMESTAMP,
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX requests_professional ON requests (professional_id, created_at);
CREATE INDEX requests_departement_state ON requests (departement_code, state, submitted_at);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES requests (id),
    position INTEGER NOT NULL,
    institution_id TEXT REFERENCES institutions (id),
    institution_kind TEXT NOT NULL,
    state TEXT NOT NULL,
    removed_at TIMESTAMP,
    started_at TIMESTAMP,
    due_at TIMESTAMP,
    answered_at TIMESTAMP,
    answer TEXT,
    decline_reason TEXT,
    agent_id TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX referrals_request ON referrals (request_id, position);
CREATE INDEX referrals_institution_state ON referrals (institution_id, state);

CREATE TABLE clock_pauses (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES requests (id),
    referral_id TEXT REFERENCES referrals (id),
    started_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP
);
CREATE INDEX clock_pauses_request ON clock_pauses (request_id);

CREATE TABLE timeline_events (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES requests (id),
    at TIMESTAMP NOT NULL,
    actor_id TEXT REFERENCES users (id),
    actor_label TEXT NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    referral_id TEXT REFERENCES referrals (id),
    internal BOOLEAN NOT NULL
);
CREATE INDEX timeline_events_request ON timeline_events (request_id, at);

CREATE TABLE messages (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES requests (id),
    referral_id TEXT REFERENCES referrals (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    internal BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX messages_request ON messages (request_id, created_at);

CREATE TABLE message_reads (
    message_id TEXT NOT NULL REFERENCES messages (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    read_at TIMESTAMP NOT NULL,
    PRIMARY KEY (message_id, user_id)
);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES requests (id),
    uploader_id TEXT NOT NULL REFERENCES users (id),
    display_name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_request ON attachments (request_id);

-- The timeline is immutable.
CREATE TRIGGER timeline_events_no_update BEFORE UPDATE ON timeline_events
BEGIN SELECT RAISE(ABORT, 'timeline_events is immutable'); END;
CREATE TRIGGER timeline_events_no_delete BEFORE DELETE ON timeline_events
BEGIN SELECT RAISE(ABORT, 'timeline_events is immutable'); END;
