DROP TABLE recovery_codes;
DROP TABLE user_totp;
ALTER TABLE regions DROP COLUMN staff_totp_required;
