ALTER TABLE requests DROP COLUMN contact_phone;
ALTER TABLE requests DROP COLUMN recorded_by;
ALTER TABLE requests DROP COLUMN channel;
