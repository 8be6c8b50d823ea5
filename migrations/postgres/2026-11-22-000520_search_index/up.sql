-- The inbox search ("heloise" finds Héloïse, a part of a number, of an e-mail…) reads a trigram
-- index of requests.search_text (already lower-case without accents): LIKE '%…%' uses it.
-- pg_trgm ships with PostgreSQL and is a trusted extension (a database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX requests_search_trgm ON requests USING gin (search_text gin_trgm_ops);
