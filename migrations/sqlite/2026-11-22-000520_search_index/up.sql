-- The inbox search ("heloise" finds Héloïse, a part of a number, of an e-mail…) reads a trigram
-- full-text index of requests.search_text (already lower-case without accents) instead of
-- scanning every request: an external-content FTS5 table kept in step by triggers.
CREATE VIRTUAL TABLE requests_search USING fts5(
  search_text, content = 'requests', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER requests_search_insert AFTER INSERT ON requests BEGIN
  INSERT INTO requests_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER requests_search_delete AFTER DELETE ON requests BEGIN
  INSERT INTO requests_search (requests_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER requests_search_update AFTER UPDATE OF search_text ON requests BEGIN
  INSERT INTO requests_search (requests_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
  INSERT INTO requests_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
INSERT INTO requests_search (requests_search) VALUES ('rebuild');
