-- The end of the lease of the last attempt that was cut off: an interrupted notification reached its channel, if at
-- all, between interrupted_at (the first cut-off attempt began) and interrupted_until, so the Slack lookup reads only
-- that stretch of the channel's history, not everything posted since (a storm's messages after a restart filled the
-- pages it reads; docs/notifications.md). V15-V20 are reserved for work in progress on other branches.
ALTER TABLE outbox ADD COLUMN interrupted_until TIMESTAMP WITH TIME ZONE;
