-- Leasing a batch in one statement: an UPDATE marks up to a batch of due entries with the poll's lease token (a
-- random UUID), and the poll then reads back the rows carrying its token — the ones it took, whatever another poller
-- or hub instance took at the same time (docs/notifications.md).
ALTER TABLE outbox ADD COLUMN lease_token VARCHAR(36);
CREATE INDEX outbox_lease_token ON outbox (lease_token);
