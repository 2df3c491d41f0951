-- Widget manifest v2: an optional style sheet, background widgets (mounted at join), and where a
-- third-party widget comes from (its folder or base URL; NULL for widgets the WAR ships).
-- Portable between H2 and PostgreSQL.
ALTER TABLE widget_descriptor ADD COLUMN style VARCHAR(256);
ALTER TABLE widget_descriptor ADD COLUMN background BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE widget_descriptor ADD COLUMN source VARCHAR(1024);
