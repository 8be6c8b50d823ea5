DROP INDEX requests_search_trgm;
