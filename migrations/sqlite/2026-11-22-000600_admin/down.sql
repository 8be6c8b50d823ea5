DROP TABLE zonage_imports;
DROP TRIGGER routing_override_history_no_delete;
DROP TRIGGER routing_override_history_no_update;
DROP TABLE routing_override_history;
DROP TABLE routing_overrides;
