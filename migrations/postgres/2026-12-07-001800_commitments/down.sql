DROP TABLE commitment_milestones;
DROP TABLE commitments;
