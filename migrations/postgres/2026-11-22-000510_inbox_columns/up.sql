-- Inbox columns, maintained by the application (src/db/inbox/columns.rs) each time a request or
-- a referral changes: the tab it belongs to ('aucun' for drafts, withdrawn requests and referrals
-- their institution does not see) and its earliest open deadline ('9999-12-31' when no clock
-- runs). Every inbox query — tab, "en retard" (deadline passed), sort — then reads an index.
ALTER TABLE requests ADD COLUMN inbox_tab TEXT NOT NULL DEFAULT 'aucun';
ALTER TABLE requests ADD COLUMN inbox_due_at TIMESTAMP NOT NULL DEFAULT '9999-12-31 00:00:00';
ALTER TABLE referrals ADD COLUMN inbox_tab TEXT NOT NULL DEFAULT 'aucun';
ALTER TABLE referrals ADD COLUMN inbox_due_at TIMESTAMP NOT NULL DEFAULT '9999-12-31 00:00:00';

UPDATE referrals SET
  inbox_tab = CASE
    WHEN removed_at IS NOT NULL OR started_at IS NULL THEN 'aucun'
    WHEN state = 'a-traiter' THEN 'a-qualifier'
    WHEN state = 'en-cours' THEN 'en-cours'
    WHEN state = 'en-attente-professionnel' THEN 'en-attente'
    WHEN state IN ('repondue', 'declinee') THEN 'traitees'
    ELSE 'aucun' END,
  inbox_due_at = CASE
    WHEN state IN ('a-traiter', 'en-cours', 'en-attente-professionnel') AND due_at IS NOT NULL
    THEN due_at ELSE '9999-12-31 00:00:00' END;

UPDATE requests SET
  inbox_tab = CASE
    WHEN state IN ('deposee', 'en-qualification') THEN 'a-qualifier'
    WHEN state = 'orientee' THEN 'en-cours'
    WHEN state = 'en-attente-professionnel' THEN 'en-attente'
    WHEN state IN ('traitee', 'cloturee') THEN 'traitees'
    ELSE 'aucun' END,
  inbox_due_at = CASE
    WHEN state IN ('deposee', 'en-qualification', 'orientee', 'en-attente-professionnel') THEN LEAST(
      CASE WHEN state IN ('deposee', 'en-qualification') AND qualification_due_at IS NOT NULL
        THEN qualification_due_at ELSE '9999-12-31 00:00:00' END,
      COALESCE((SELECT MIN(r.due_at) FROM referrals r
        WHERE r.request_id = requests.id AND r.removed_at IS NULL
          AND r.state IN ('a-traiter', 'en-cours', 'en-attente-professionnel')),
        '9999-12-31 00:00:00'))
    ELSE '9999-12-31 00:00:00' END;

DROP INDEX requests_inbox_due;
DROP INDEX requests_inbox_submitted;
DROP INDEX referrals_inbox_due;
-- Référent: one département at a time (the pages merge the référent's départements).
CREATE INDEX requests_inbox_tab_due ON requests (departement_code, inbox_tab, inbox_due_at, id);
CREATE INDEX requests_inbox_tab_date ON requests (departement_code, inbox_tab, submitted_at, id);
CREATE INDEX requests_inbox_late ON requests (departement_code, inbox_due_at, id);
CREATE INDEX requests_inbox_kind ON requests (departement_code, kind, inbox_tab, inbox_due_at, id);
CREATE INDEX requests_inbox_commune ON requests (commune_insee, inbox_tab, inbox_due_at, id);
CREATE INDEX requests_inbox_referent ON requests (referent_id, inbox_tab, inbox_due_at, id);
-- Partner: the referrals of one institution.
CREATE INDEX referrals_inbox_tab_due ON referrals (institution_id, inbox_tab, inbox_due_at, id);
CREATE INDEX referrals_inbox_tab_date ON referrals (institution_id, inbox_tab, started_at, id);
CREATE INDEX referrals_inbox_late ON referrals (institution_id, inbox_due_at, id);
