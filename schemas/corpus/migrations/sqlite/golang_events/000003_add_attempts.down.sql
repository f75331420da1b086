DROP TABLE deliveries;
ALTER TABLE events DROP COLUMN attempts;
