DROP TRIGGER requests_search_update;
DROP TRIGGER requests_search_delete;
DROP TRIGGER requests_search_insert;
DROP TABLE requests_search;
