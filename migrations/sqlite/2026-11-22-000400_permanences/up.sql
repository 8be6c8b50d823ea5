-- Permanences (joint appointments) and e-mail attachments (the .ics of a booking).
CREATE TABLE permanence_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    departement_code TEXT NOT NULL REFERENCES departements (code),
    title TEXT NOT NULL,
    mode TEXT NOT NULL,
    address TEXT,
    video_url TEXT,
    details TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX permanence_sessions_start ON permanence_sessions (starts_at);

CREATE TABLE permanence_session_institutions (
    session_id TEXT NOT NULL REFERENCES permanence_sessions (id) ON DELETE CASCADE,
    institution_id TEXT NOT NULL REFERENCES institutions (id),
    PRIMARY KEY (session_id, institution_id)
);

CREATE TABLE permanence_slots (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES permanence_sessions (id) ON DELETE CASCADE,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    capacity INTEGER NOT NULL,
    booked INTEGER NOT NULL DEFAULT 0,
    CHECK (capacity >= 1),
    CHECK (booked >= 0 AND booked <= capacity)
);
CREATE INDEX permanence_slots_session ON permanence_slots (session_id, starts_at);

-- request_id: the number of one of the professional's requests, not yet a foreign key.
CREATE TABLE permanence_bookings (
    id TEXT PRIMARY KEY NOT NULL,
    slot_id TEXT NOT NULL REFERENCES permanence_slots (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    request_id TEXT,
    created_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP,
    reminder_sent_at TIMESTAMP
);
-- One active booking per person and slot (a cancelled one may be booked again).
CREATE UNIQUE INDEX permanence_bookings_once ON permanence_bookings (slot_id, user_id)
    WHERE cancelled_at IS NULL;
CREATE INDEX permanence_bookings_user ON permanence_bookings (user_id);

ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_content_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment_body TEXT;
