DROP TABLE institutions;
DROP TABLE communes;
DROP TABLE departements;
DROP TABLE regions;
