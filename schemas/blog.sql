-- A blog (SQLite): authors, posts, threaded comments, tags.
PRAGMA foreign_keys = ON;

CREATE TABLE authors (
  id          INTEGER PRIMARY KEY,
  username    TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 30),
  email       TEXT NOT NULL UNIQUE,
  bio         TEXT,
  joined_at   TEXT NOT NULL
);

CREATE TABLE posts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id    INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  title        VARCHAR(200) NOT NULL,
  slug         VARCHAR(200) NOT NULL UNIQUE,
  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  published_at TEXT,
  body         TEXT NOT NULL
);

CREATE TABLE comments (
  id         INTEGER PRIMARY KEY,
  post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  parent_id  INTEGER REFERENCES comments (id),
  author_name TEXT NOT NULL,
  body       TEXT NOT NULL CHECK (length(body) <= 2000),
  created_at TEXT NOT NULL
);

CREATE TABLE tags (
  name TEXT PRIMARY KEY
);

CREATE TABLE post_tags (
  post_id  INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  tag      TEXT NOT NULL REFERENCES tags (name),
  PRIMARY KEY (post_id, tag)
) WITHOUT ROWID;

CREATE INDEX posts_author ON posts (author_id);
CREATE UNIQUE INDEX comments_one_root_per_author ON comments (post_id, author_name) WHERE parent_id IS NULL;
