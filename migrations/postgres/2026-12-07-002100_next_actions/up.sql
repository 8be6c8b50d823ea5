-- Next action of a request in coordination avancée (issue 15): the day the référent will act
-- next and a short note; `reminded_on` is the day the reminder was written to the outbox (one
-- reminder per planned day: planning again clears it). One row per request at most.
CREATE TABLE request_next_actions (
    request_id TEXT PRIMARY KEY NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    due_on DATE NOT NULL,
    note TEXT NOT NULL,
    set_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    set_at TIMESTAMP NOT NULL,
    reminded_on DATE
);
CREATE INDEX request_next_actions_due ON request_next_actions (due_on);
