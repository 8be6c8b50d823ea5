-- Each e-mail belongs to the région of its recipient (an agent's or référent's région, or the
-- région of the professional's latest request), so that a régional admin sees only theirs.
ALTER TABLE outbox ADD COLUMN region_code TEXT;
UPDATE outbox SET region_code = COALESCE(
    (SELECT users.region_code FROM users WHERE users.email = outbox.to_address),
    (SELECT requests.region_code FROM requests
        JOIN users ON users.id = requests.professional_id
        WHERE users.email = outbox.to_address AND requests.region_code IS NOT NULL
        ORDER BY requests.created_at DESC LIMIT 1));
CREATE INDEX outbox_region_status ON outbox (region_code, status, created_at);
