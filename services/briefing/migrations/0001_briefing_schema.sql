-- The briefing service: compiled package versions and their documents.
CREATE SCHEMA IF NOT EXISTS briefing;

CREATE FUNCTION briefing.micros(t timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT (extract(epoch FROM t) * 1000000)::bigint
$$;

-- One row per compiled version; `doc` is the BriefingPackage API JSON.
CREATE TABLE briefing.packages (
  name        text PRIMARY KEY,
  summit      text NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  state       text NOT NULL,
  doc         jsonb NOT NULL,
  revision    integer NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  UNIQUE (summit, version)
);

-- The Markdown of each language, written once at compile time. HTML and
-- PDF are rendered from it on export, so every format says the same.
CREATE TABLE briefing.documents (
  package  text NOT NULL REFERENCES briefing.packages (name),
  language text NOT NULL,
  position integer NOT NULL,
  markdown text NOT NULL,
  PRIMARY KEY (package, language)
);

CREATE TABLE briefing.request_log (
  actor       text NOT NULL,
  request_id  text NOT NULL,
  method      text NOT NULL,
  fingerprint text NOT NULL,
  response    jsonb NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, request_id)
);

CREATE TABLE briefing.events (
  id         bigserial PRIMARY KEY,
  event_time timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text NOT NULL,
  type       text NOT NULL,
  resource   text NOT NULL,
  before     jsonb,
  after      jsonb,
  request_id text,
  -- Commit-safe order for the activity feed (see the other services' 0002).
  txid       xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX events_by_resource ON briefing.events (resource, id);
CREATE INDEX events_by_position ON briefing.events (txid, id);

CREATE FUNCTION briefing.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END $$;
CREATE TRIGGER documents_immutable BEFORE UPDATE OR DELETE ON briefing.documents
  FOR EACH ROW EXECUTE FUNCTION briefing.refuse();
CREATE TRIGGER packages_no_delete BEFORE DELETE ON briefing.packages
  FOR EACH ROW EXECUTE FUNCTION briefing.refuse();
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON briefing.events
  FOR EACH ROW EXECUTE FUNCTION briefing.refuse();
