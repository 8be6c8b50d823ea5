-- Zonages: for one région and one profession, the zone of each commune over a period.
-- Dates are ISO text 'YYYY-MM-DD' (portable, ordered like dates); valid_to NULL = still in force.
CREATE TABLE zonages (
    id TEXT PRIMARY KEY NOT NULL,
    region_code TEXT NOT NULL,
    profession TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    source TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL
);
CREATE INDEX zonages_region_profession ON zonages (region_code, profession, valid_from);

-- zone_set: the categories the commune may be in, e.g. 'ZIP' or 'ZAC|ZV|ZAR|HZ' (ZoneSet::storage_code).
CREATE TABLE zonage_communes (
    zonage_id TEXT NOT NULL REFERENCES zonages (id) ON DELETE CASCADE,
    insee TEXT NOT NULL,
    zone_set TEXT NOT NULL,
    PRIMARY KEY (zonage_id, insee)
);
-- The lookup "commune + profession + date" starts from the commune.
CREATE INDEX zonage_communes_insee ON zonage_communes (insee, zonage_id);
