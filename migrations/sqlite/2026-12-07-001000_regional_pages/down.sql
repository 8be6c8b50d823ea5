DROP TRIGGER regional_texts_no_delete;
DROP TRIGGER regional_texts_no_update;
DROP TABLE regional_texts;
