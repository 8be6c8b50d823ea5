DROP TABLE zonage_imports;
DROP TRIGGER routing_override_history_no_change ON routing_override_history;
DROP FUNCTION routing_override_history_append_only();
DROP TABLE routing_override_history;
DROP TABLE routing_overrides;
