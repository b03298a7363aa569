-- Noise control (issue 13): silences with label matchers — Alertmanager-style matchers (env="prod", severity!~"info")
-- over the alert's fields and labels, one per line; NULL for a silence of hosts and alert classes only — and an index
-- for the questions grouping asks the outbox about a group on a channel (alive? first notification on its way? what
-- goes along?), which a storm asks for every notification. Portable SQL (H2 2.x, PostgreSQL 14+).
ALTER TABLE silences ADD COLUMN matchers VARCHAR(4000);
CREATE INDEX outbox_group ON outbox (group_key, channel, status);
