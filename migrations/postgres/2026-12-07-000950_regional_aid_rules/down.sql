DROP TABLE regional_aid_rules;
