-- Référent intake (issue 15): a request the guichet records on behalf of a professional who
-- called, wrote or came to a permanence. `channel` is the slug of how it reached the guichet
-- (NULL: filed by the professional online), `recorded_by` the référent who recorded it, and
-- `contact_phone` the telephone number the professional gave, if any.
ALTER TABLE requests ADD COLUMN channel TEXT;
-- (No foreign key here: SQLite cannot drop a column a foreign key names, and the down
-- migration must run; PostgreSQL has it.)
ALTER TABLE requests ADD COLUMN recorded_by TEXT;
ALTER TABLE requests ADD COLUMN contact_phone TEXT;
