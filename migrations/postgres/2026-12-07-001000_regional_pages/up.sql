-- The regional versions of the information pages and of the "Qui contacter ?" introduction.
-- `text_key`: "qui-contacter" or "<profession>-<step>" (e.g. "medecin-s-installer"). Every save is
-- a new row numbered from 1 per région and text; the latest one is shown, the national text of
-- content/ when there is none. Restoring a version copies it into a new one (`restored_from`).
CREATE TABLE regional_texts (
    id TEXT PRIMARY KEY NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    text_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    restored_from INTEGER,
    UNIQUE (region_code, text_key, version)
);

-- The history is append-only.
CREATE FUNCTION regional_texts_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'regional_texts is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER regional_texts_no_change BEFORE UPDATE OR DELETE ON regional_texts
FOR EACH ROW EXECUTE FUNCTION regional_texts_append_only();
