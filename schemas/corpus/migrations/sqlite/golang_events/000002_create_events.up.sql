CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL,
    received_at DATETIME NOT NULL,
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    processed BOOLEAN NOT NULL DEFAULT FALSE,
    FOREIGN KEY (source_id) REFERENCES sources (id) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS idx_events_source ON events (source_id, received_at);
