-- The inbox indexes carry every column an inbox filters on or shows: a tab count ("plus de
-- 1 000" at most) or a page then reads the index alone, never the table, whatever the volume.
DROP INDEX requests_inbox_tab_due;
DROP INDEX requests_inbox_tab_date;
DROP INDEX requests_inbox_late;
CREATE INDEX requests_inbox_tab_due ON requests (departement_code, inbox_tab, inbox_due_at, id,
  number, kind, priority, state, aid_code, referent_id, commune_insee, submitted_at);
CREATE INDEX requests_inbox_tab_date ON requests (departement_code, inbox_tab, submitted_at, id,
  number, kind, priority, state, aid_code, referent_id, commune_insee, inbox_due_at);
CREATE INDEX requests_inbox_late ON requests (departement_code, inbox_due_at, id,
  number, kind, priority, state, aid_code, referent_id, commune_insee, submitted_at);
DROP INDEX referrals_inbox_tab_due;
DROP INDEX referrals_inbox_tab_date;
DROP INDEX referrals_inbox_late;
CREATE INDEX referrals_inbox_tab_due ON referrals (institution_id, inbox_tab, inbox_due_at, id,
  request_id, state, agent_id, started_at);
CREATE INDEX referrals_inbox_tab_date ON referrals (institution_id, inbox_tab, started_at, id,
  request_id, state, agent_id, inbox_due_at);
CREATE INDEX referrals_inbox_late ON referrals (institution_id, inbox_due_at, id,
  request_id, state, agent_id, started_at);
