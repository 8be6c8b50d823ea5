-- "Mon projet" (issue 15): a professional's requests about one installation, grouped. A request
-- belongs to at most one project (its primary key); a project belongs to one professional and
-- goes with their account.
CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX projects_owner ON projects (owner_id, created_at);

CREATE TABLE project_requests (
    request_id TEXT PRIMARY KEY NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    added_by TEXT,
    added_at TIMESTAMP NOT NULL
);
CREATE INDEX project_requests_project ON project_requests (project_id);
