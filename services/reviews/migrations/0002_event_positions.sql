-- The activity feed reads events in the order of the transaction that wrote
-- them. An id alone is not enough: ids are taken before commit, so a reader
-- following ids could pass one whose transaction commits later. Readers only
-- take transactions older than every one still running (pg_snapshot_xmin), so
-- nothing can appear below a position already read.
ALTER TABLE reviews.events ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX events_by_position ON reviews.events (txid, id);
