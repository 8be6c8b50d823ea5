DROP TRIGGER regional_texts_no_change ON regional_texts;
DROP FUNCTION regional_texts_append_only();
DROP TABLE regional_texts;
