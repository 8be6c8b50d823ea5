-- Référent intake (issue 15): a request the guichet records on behalf of a professional who
-- called, wrote or came to a permanence. `channel` is the slug of how it reached the guichet
-- (NULL: filed by the professional online), `recorded_by` the référent who recorded it, and
-- `contact_phone` the telephone number the professional gave, if any.
ALTER TABLE requests ADD COLUMN channel TEXT;
ALTER TABLE requests ADD COLUMN recorded_by TEXT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE requests ADD COLUMN contact_phone TEXT;
