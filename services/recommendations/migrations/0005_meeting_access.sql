-- Meetings give read access: the participants of a meeting read the
-- recommendations on its agenda (submitted or later), and a draft on it when
-- one of its authors shared the draft for that meeting. The meetings service
-- tells who reads and what is on each agenda (SetMeetingReaders); the
-- readers of each recommendation are kept beside it for the visibility rules.

CREATE TABLE recommendations.meeting_access (
  meeting     text PRIMARY KEY,
  -- The meeting document's version this was computed from; older ones lose.
  version     bigint NOT NULL,
  readers     jsonb NOT NULL,  -- ["people/a", ...]; empty once cancelled
  agenda      jsonb NOT NULL,  -- ["summits/s/recommendations/r", ...]
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_access_agenda ON recommendations.meeting_access USING gin (agenda jsonb_path_ops);

CREATE TABLE recommendations.meeting_shares (
  recommendation text NOT NULL REFERENCES recommendations.recommendations (name),
  meeting        text NOT NULL,
  shared         boolean NOT NULL,  -- false once unshared (rows stay)
  changed_by     text NOT NULL,
  update_time    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (recommendation, meeting)
);
CREATE TRIGGER meeting_shares_no_delete BEFORE DELETE ON recommendations.meeting_shares
  FOR EACH ROW EXECUTE FUNCTION recommendations.refuse();
CREATE TRIGGER meeting_access_no_delete BEFORE DELETE ON recommendations.meeting_access
  FOR EACH ROW EXECUTE FUNCTION recommendations.refuse();

ALTER TABLE recommendations.recommendations
  ADD COLUMN meeting_readers jsonb NOT NULL DEFAULT '[]',  -- read it once submitted
  ADD COLUMN draft_readers   jsonb NOT NULL DEFAULT '[]',  -- read it as a draft too
  ADD COLUMN shared_meetings jsonb NOT NULL DEFAULT '[]';  -- meetings it is shared for

-- Recomputes one recommendation's readers through meetings.
CREATE FUNCTION recommendations.refresh_meeting_access(rec text) RETURNS void LANGUAGE sql AS $$
  UPDATE recommendations.recommendations r SET
    meeting_readers = coalesce((
      SELECT jsonb_agg(DISTINCT p.person ORDER BY p.person)
        FROM recommendations.meeting_access a, jsonb_array_elements_text(a.readers) AS p(person)
       WHERE a.agenda @> jsonb_build_array(rec)), '[]'),
    draft_readers = coalesce((
      SELECT jsonb_agg(DISTINCT p.person ORDER BY p.person)
        FROM recommendations.meeting_shares s
        JOIN recommendations.meeting_access a ON a.meeting = s.meeting,
             jsonb_array_elements_text(a.readers) AS p(person)
       WHERE s.recommendation = rec AND s.shared AND a.agenda @> jsonb_build_array(rec)), '[]'),
    shared_meetings = coalesce((
      SELECT jsonb_agg(s.meeting ORDER BY s.meeting)
        FROM recommendations.meeting_shares s
       WHERE s.recommendation = rec AND s.shared), '[]')
  WHERE r.name = rec
$$;
