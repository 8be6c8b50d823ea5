-- Reference territories (INSEE, from @etalab/decoupage-administratif) and partner institutions.
CREATE TABLE regions (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE departements (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code)
);

CREATE TABLE communes (
    insee TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    search_name TEXT NOT NULL,
    departement_code TEXT NOT NULL REFERENCES departements (code),
    region_code TEXT NOT NULL REFERENCES regions (code),
    postal_codes TEXT NOT NULL,
    population INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX communes_departement ON communes (departement_code);
CREATE INDEX communes_search_name ON communes (search_name);

CREATE TABLE institutions (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    region_code TEXT REFERENCES regions (code),
    departement_code TEXT REFERENCES departements (code),
    profession TEXT,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX institutions_territory ON institutions (region_code, departement_code);
