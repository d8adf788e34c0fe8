-- Files on versions (annexes), sent in chunks. The bytes stay in the chunks
-- they arrived in; an attachment names its upload. Nothing here is updated
-- after the fact except an upload's progress, and nothing is deleted.

CREATE TABLE recommendations.uploads (
  name            text PRIMARY KEY,  -- summits/s/recommendations/r/uploads/u
  recommendation  text NOT NULL REFERENCES recommendations.recommendations (name),
  uploader        text NOT NULL,
  filename        text NOT NULL,
  size_bytes      bigint NOT NULL CHECK (size_bytes > 0),
  sha256          text NOT NULL,     -- as declared; '' when not
  received_bytes  bigint NOT NULL DEFAULT 0 CHECK (received_bytes <= size_bytes),
  attachment      text,              -- set once used
  create_time     timestamptz NOT NULL DEFAULT now(),
  expire_time     timestamptz NOT NULL
);

CREATE TABLE recommendations.upload_chunks (
  upload      text NOT NULL REFERENCES recommendations.uploads (name),
  byte_offset bigint NOT NULL,
  data        bytea NOT NULL,
  PRIMARY KEY (upload, byte_offset)
);

CREATE TABLE recommendations.attachments (
  name            text PRIMARY KEY,
  recommendation  text NOT NULL,
  version         integer NOT NULL,
  upload          text NOT NULL UNIQUE REFERENCES recommendations.uploads (name),
  filename        text NOT NULL,
  content_type    text NOT NULL,
  size_bytes      bigint NOT NULL,
  sha256          text NOT NULL,
  uploader        text NOT NULL,
  source_document boolean NOT NULL DEFAULT false,
  create_time     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (recommendation, version) REFERENCES recommendations.versions (recommendation, number)
);
CREATE INDEX attachments_by_version ON recommendations.attachments (recommendation, version, create_time);

CREATE TRIGGER attachments_immutable BEFORE UPDATE OR DELETE ON recommendations.attachments
  FOR EACH ROW EXECUTE FUNCTION recommendations.refuse();
CREATE TRIGGER upload_chunks_immutable BEFORE UPDATE OR DELETE ON recommendations.upload_chunks
  FOR EACH ROW EXECUTE FUNCTION recommendations.refuse();
CREATE TRIGGER uploads_no_delete BEFORE DELETE ON recommendations.uploads
  FOR EACH ROW EXECUTE FUNCTION recommendations.refuse();
