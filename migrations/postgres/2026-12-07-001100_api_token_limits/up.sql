-- API tokens get an expiry (chosen at creation: 90 days by default, one year at most) and a scope:
-- 'read' (GET only) or 'act' (everything the account may do). Tokens made before had neither:
-- they act, and expire 90 days after their creation.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'act';
UPDATE api_tokens SET expires_at = created_at + INTERVAL '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
