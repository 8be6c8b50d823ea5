DROP TABLE milestone_corrections;
