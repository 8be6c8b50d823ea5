DROP TABLE project_requests;
DROP TABLE projects;
