DROP INDEX tasks_project_id_idx;
ALTER TABLE users DROP COLUMN last_seen_at;
DROP TABLE tasks;
DROP TABLE projects;
