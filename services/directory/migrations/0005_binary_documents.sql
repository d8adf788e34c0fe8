-- A binary protobuf copy of each document beside its jsonb: reads decode the
-- binary (protobuf's JSON parser was the largest part of a GetPerson's CPU);
-- the jsonb stays the record that indexes, generated columns and the audit
-- trail read. A row without the copy (written before this migration) reads
-- from the jsonb.
ALTER TABLE directory.summits ADD COLUMN doc_pb bytea;
ALTER TABLE directory.tracks ADD COLUMN doc_pb bytea;
ALTER TABLE directory.organizations ADD COLUMN doc_pb bytea;
ALTER TABLE directory.people ADD COLUMN doc_pb bytea;

-- A writer that changes the jsonb without the copy (the release before this
-- one during a rollout, or a hand-made fix) leaves no stale copy behind: the
-- copy goes, and reads fall back to the jsonb.
CREATE FUNCTION directory.drop_stale_doc_pb() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.doc IS DISTINCT FROM OLD.doc AND NEW.doc_pb IS NOT DISTINCT FROM OLD.doc_pb THEN
    NEW.doc_pb := NULL;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER summits_drop_stale_doc_pb BEFORE UPDATE ON directory.summits
  FOR EACH ROW EXECUTE FUNCTION directory.drop_stale_doc_pb();
CREATE TRIGGER tracks_drop_stale_doc_pb BEFORE UPDATE ON directory.tracks
  FOR EACH ROW EXECUTE FUNCTION directory.drop_stale_doc_pb();
CREATE TRIGGER organizations_drop_stale_doc_pb BEFORE UPDATE ON directory.organizations
  FOR EACH ROW EXECUTE FUNCTION directory.drop_stale_doc_pb();
CREATE TRIGGER people_drop_stale_doc_pb BEFORE UPDATE ON directory.people
  FOR EACH ROW EXECUTE FUNCTION directory.drop_stale_doc_pb();
