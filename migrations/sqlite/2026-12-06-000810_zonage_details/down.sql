CREATE INDEX zonage_communes_insee ON zonage_communes (insee, zonage_id);
ALTER TABLE zonage_imports DROP COLUMN outside_region;
ALTER TABLE zonage_imports DROP COLUMN without_zone;
ALTER TABLE zonage_imports DROP COLUMN file_format;
ALTER TABLE zonages DROP COLUMN last_checked;
