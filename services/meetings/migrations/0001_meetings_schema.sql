-- Meetings, their minutes and action items.

CREATE FUNCTION meetings.micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;

-- A meeting is a JSON document (participants and agenda inside it).
CREATE TABLE meetings.meetings (
  name        text PRIMARY KEY,
  summit      text NOT NULL,
  doc         jsonb NOT NULL,
  version     bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meetings_by_summit ON meetings.meetings (summit, name);
-- "My meetings": organiser or participant.
CREATE INDEX meetings_doc ON meetings.meetings USING gin (doc jsonb_path_ops);

CREATE TABLE meetings.minutes (
  meeting     text NOT NULL REFERENCES meetings.meetings (name),
  number      integer NOT NULL,
  text        text NOT NULL,
  decisions   jsonb NOT NULL,
  author      text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting, number)
);

CREATE TABLE meetings.action_items (
  name        text PRIMARY KEY,
  meeting     text NOT NULL REFERENCES meetings.meetings (name),
  title       text NOT NULL,
  assignee    text NOT NULL,
  due_time    timestamptz NOT NULL,
  status      text NOT NULL,
  version     bigint NOT NULL DEFAULT 1,
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_items_by_assignee ON meetings.action_items (assignee, status, due_time);
CREATE INDEX action_items_by_meeting ON meetings.action_items (meeting);

CREATE TABLE meetings.request_log (
  actor       text NOT NULL,
  request_id  text NOT NULL,
  method      text NOT NULL,
  fingerprint text NOT NULL,
  response    jsonb NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, request_id)
);

CREATE TABLE meetings.events (
  id         bigserial PRIMARY KEY,
  event_time timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text NOT NULL,
  type       text NOT NULL,
  resource   text NOT NULL,
  before     jsonb,
  after      jsonb,
  request_id text
);
CREATE INDEX events_by_resource ON meetings.events (resource, id);

CREATE FUNCTION meetings.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END $$;
CREATE TRIGGER minutes_immutable BEFORE UPDATE OR DELETE ON meetings.minutes
  FOR EACH ROW EXECUTE FUNCTION meetings.refuse();
CREATE TRIGGER meetings_no_delete BEFORE DELETE ON meetings.meetings
  FOR EACH ROW EXECUTE FUNCTION meetings.refuse();
CREATE TRIGGER action_items_no_delete BEFORE DELETE ON meetings.action_items
  FOR EACH ROW EXECUTE FUNCTION meetings.refuse();
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON meetings.events
  FOR EACH ROW EXECUTE FUNCTION meetings.refuse();
