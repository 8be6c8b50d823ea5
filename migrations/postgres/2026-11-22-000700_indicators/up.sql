-- Indicators: one precomputed snapshot per territory (`region:93`, `departement:13`), refreshed
-- by a background job, so that a page view reads one row instead of aggregating the requests.
CREATE TABLE indicator_snapshots (
    scope TEXT PRIMARY KEY NOT NULL,
    computed_at TIMESTAMP NOT NULL,
    payload TEXT NOT NULL
);
