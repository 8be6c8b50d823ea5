DROP INDEX institutions_directory_key;
ALTER TABLE institutions DROP COLUMN deactivated_at;
ALTER TABLE institutions DROP COLUMN note;
ALTER TABLE institutions DROP COLUMN source;
ALTER TABLE institutions DROP COLUMN website;
ALTER TABLE institutions DROP COLUMN communes;
ALTER TABLE institutions DROP COLUMN directory_key;
