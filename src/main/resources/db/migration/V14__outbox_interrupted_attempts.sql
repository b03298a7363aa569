-- A notification whose sender stopped mid-send (killed, or its lease ran out) may or may not have reached its
-- channel. leased_at: when the current lease began; interrupted_at: when the attempt that was cut off began — the
-- channel looks for what that attempt delivered (from then on) before sending again (docs/notifications.md).
ALTER TABLE outbox ADD COLUMN leased_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox ADD COLUMN interrupted_at TIMESTAMP WITH TIME ZONE;
