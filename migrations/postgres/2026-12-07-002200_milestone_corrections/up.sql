-- Corrections of recorded milestones (issue 15): an agent of the granting institution changes a
-- milestone recorded by mistake (met ↔ missed, or back to pending) with a mandatory reason; each
-- correction is kept (who, when, from which status and comment, to which status, why) and the
-- milestone takes the new status. Statuses: slugs of domain::commitment::MilestoneStatus.
CREATE TABLE milestone_corrections (
    id TEXT PRIMARY KEY NOT NULL,
    milestone_id TEXT NOT NULL REFERENCES commitment_milestones (id) ON DELETE CASCADE,
    corrected_by TEXT NOT NULL,
    corrected_by_label TEXT NOT NULL,
    corrected_at TIMESTAMP NOT NULL,
    from_status TEXT NOT NULL,
    from_comment TEXT,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX milestone_corrections_milestone ON milestone_corrections (milestone_id, corrected_at);
