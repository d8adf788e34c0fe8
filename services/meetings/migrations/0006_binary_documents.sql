-- A binary protobuf copy of each meeting document beside its jsonb, as the
-- directory keeps (its migration 0005 says why): reads decode the binary;
-- the jsonb stays the record that indexes and queries read.
ALTER TABLE meetings.meetings ADD COLUMN doc_pb bytea;

-- A writer that changes the jsonb without the copy (the release before this
-- one during a rollout, or a hand-made fix) leaves no stale copy behind: the
-- copy goes, and reads fall back to the jsonb.
CREATE FUNCTION meetings.drop_stale_doc_pb() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.doc IS DISTINCT FROM OLD.doc AND NEW.doc_pb IS NOT DISTINCT FROM OLD.doc_pb THEN
    NEW.doc_pb := NULL;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER meetings_drop_stale_doc_pb BEFORE UPDATE ON meetings.meetings
  FOR EACH ROW EXECUTE FUNCTION meetings.drop_stale_doc_pb();
