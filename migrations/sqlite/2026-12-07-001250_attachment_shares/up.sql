-- Need to know: a partner institution sees a request's documents only once a référent shares
-- them with it. Documents of requests already routed stay visible to the institutions they were
-- routed to (shared_by NULL: shared when this table was created).
CREATE TABLE attachment_shares (
    attachment_id TEXT NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    institution_id TEXT NOT NULL REFERENCES institutions (id),
    shared_by TEXT REFERENCES users (id),
    shared_at TIMESTAMP NOT NULL,
    PRIMARY KEY (attachment_id, institution_id)
);
INSERT INTO attachment_shares (attachment_id, institution_id, shared_by, shared_at)
SELECT a.id, r.institution_id, NULL, MIN(r.started_at)
FROM attachments a
JOIN referrals r ON r.request_id = a.request_id
WHERE r.institution_id IS NOT NULL AND r.started_at IS NOT NULL AND r.removed_at IS NULL
GROUP BY a.id, r.institution_id;
