ALTER TABLE events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

CREATE TABLE deliveries (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    status_code INTEGER,
    delivered_at DATETIME,
    PRIMARY KEY (event_id, attempt)
);
