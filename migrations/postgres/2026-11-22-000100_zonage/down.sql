DROP TABLE zonage_communes;
DROP TABLE zonages;
