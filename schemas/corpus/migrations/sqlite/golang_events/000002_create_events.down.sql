DROP INDEX IF EXISTS idx_events_source;
DROP TABLE IF EXISTS events;
