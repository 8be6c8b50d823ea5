-- When the source of a zonage was last checked (ISO date), and what each import did: the
-- format recognised, the communes left out because their zone is empty or "N/A" (unknown),
-- because they are in another région, or because the territories table does not know them.
ALTER TABLE zonages ADD COLUMN last_checked TEXT;
ALTER TABLE zonage_imports ADD COLUMN file_format TEXT NOT NULL DEFAULT 'guichet';
ALTER TABLE zonage_imports ADD COLUMN without_zone INTEGER NOT NULL DEFAULT 0;
ALTER TABLE zonage_imports ADD COLUMN outside_region INTEGER NOT NULL DEFAULT 0;
-- Lookups by commune are answered from memory (the zonage index); the primary key
-- (zonage_id, insee) serves the joins. The second index only slowed the bulk load of the
-- shipped zonages (about 250 000 rows).
DROP INDEX zonage_communes_insee;
