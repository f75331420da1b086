CREATE TABLE projects (
    id SERIAL PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    archived BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (owner_id, name)
);

CREATE TABLE tasks (
    id BIGSERIAL PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    assignee_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    priority SMALLINT NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 4),
    due_on DATE,
    done_at TIMESTAMP,
    tags TEXT[] NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP NOT NULL DEFAULT NOW()
);

SELECT diesel_manage_updated_at('tasks');

ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMP;
CREATE INDEX tasks_project_id_idx ON tasks (project_id);
