-- Two factors for staff (issue 16 point 12): one TOTP secret per account (RFC 6238), sealed
-- with a key derived from the server secret; its last accepted time step, so that a code is
-- accepted once; single-use recovery codes stored as SHA-256; and, per région, whether
-- référents and agents must use it (administrators always must).
CREATE TABLE user_totp (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    confirmed_at TIMESTAMP,
    last_step BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);
ALTER TABLE regions ADD COLUMN staff_totp_required BOOLEAN NOT NULL DEFAULT FALSE;
