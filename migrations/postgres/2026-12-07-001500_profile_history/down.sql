DROP TABLE profile_changes;
ALTER TABLE users DROP COLUMN installation_commune_insee;
ALTER TABLE users DROP COLUMN installation_date;
ALTER TABLE users DROP COLUMN study_year;
