DROP TABLE indicator_snapshots;
