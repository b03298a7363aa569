-- Silences with label matchers (issue 13): Alertmanager-style matchers (env="prod", severity!~"info") over the alert's
-- fields and labels, one per line; NULL for a silence of hosts and alert classes only. Portable SQL (H2 2.x, PostgreSQL 14+).
ALTER TABLE silences ADD COLUMN matchers VARCHAR(4000);
