-- A notes app on SQLite: INTEGER PRIMARY KEY AUTOINCREMENT, a WITHOUT ROWID table, TEXT
-- dates, typeless columns, CHECKs with SQLite functions, a trigger that keeps a count.

PRAGMA foreign_keys = ON;

CREATE TABLE notebooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    note_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    notebook_id INTEGER NOT NULL REFERENCES notebooks(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body TEXT,
    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT
);

CREATE TABLE tags (
    name TEXT PRIMARY KEY,
    color TEXT CHECK (color GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]')
) WITHOUT ROWID;

CREATE TABLE note_tags (
    note_id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (note_id, tag),
    FOREIGN KEY (note_id) REFERENCES notes(id) ON DELETE CASCADE,
    FOREIGN KEY (tag) REFERENCES tags(name) ON UPDATE CASCADE
) WITHOUT ROWID;

CREATE TABLE settings (
    key TEXT NOT NULL,
    value
);

CREATE INDEX notes_by_notebook ON notes(notebook_id, created_at);

CREATE TRIGGER notes_counted AFTER INSERT ON notes
BEGIN
    UPDATE notebooks SET note_count = note_count + 1 WHERE id = NEW.notebook_id;
END;
