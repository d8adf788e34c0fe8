-- The notifications service: what the other services' events mean for each
-- person (their inbox and their open work), reminders from due dates, and
-- the mail that goes out. Everything here is derived from the activity feed
-- except preferences, read marks and sign-in mail.
CREATE SCHEMA IF NOT EXISTS notifications;

CREATE FUNCTION notifications.micros(t timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT (extract(epoch FROM t) * 1000000)::bigint
$$;

-- The feed cursor of the one consumer, updated in the transaction that
-- writes what the events produced: a restart or a second replica neither
-- loses nor repeats an event. The row is locked while a batch is applied.
CREATE TABLE notifications.consumer (
  id          integer PRIMARY KEY CHECK (id = 1),
  cursor      text NOT NULL,
  events      bigint NOT NULL DEFAULT 0,
  update_time timestamptz NOT NULL DEFAULT now()
);
INSERT INTO notifications.consumer (id, cursor) VALUES (1, '');

-- Projections of other services' resources, as their events carried them.
-- kind: person, summit, recommendation, meeting.
CREATE TABLE notifications.resources (
  name        text PRIMARY KEY,
  kind        text NOT NULL,
  doc         jsonb NOT NULL,
  -- Meetings: the iCalendar SEQUENCE of the last invitation or change sent.
  sequence    integer NOT NULL DEFAULT 0,
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resources_by_kind ON notifications.resources (kind, name);

-- What waits on whom. recipient is `people/{p}`, or `role:coordinator` for
-- the coordinators' shared queue. Closed items stay (closed = true).
CREATE TABLE notifications.work_items (
  recipient   text NOT NULL,
  resource    text NOT NULL,
  kind        text NOT NULL,  -- review, draft, revision, meeting, action_item, decision, cycle_needed
  summit      text NOT NULL,
  title       text NOT NULL,
  state       text NOT NULL,
  due_time    timestamptz,
  closed      boolean NOT NULL DEFAULT false,
  update_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (recipient, resource, kind)
);
CREATE INDEX work_items_open_due ON notifications.work_items (due_time) WHERE NOT closed;

-- One reminder per (recipient, resource, kind, due date): a changed due date
-- arms a new one.
CREATE TABLE notifications.reminders_sent (
  recipient   text NOT NULL,
  resource    text NOT NULL,
  kind        smallint NOT NULL,
  due_time    timestamptz NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (recipient, resource, kind, due_time)
);

-- Each person's inbox. dedupe_key names what produced it (an event, a
-- reminder, a digest day), so nothing is produced twice.
CREATE TABLE notifications.notifications (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  recipient   text NOT NULL,
  kind        smallint NOT NULL,
  resource    text NOT NULL,
  summit      text NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL,
  due_time    timestamptz,
  delivery    smallint NOT NULL,
  dedupe_key  text NOT NULL,
  create_time timestamptz NOT NULL,
  read_time   timestamptz,
  -- Daily digest: when it went out in one (NULL while waiting).
  digest_time timestamptz,
  UNIQUE (recipient, dedupe_key)
);
CREATE INDEX notifications_inbox ON notifications.notifications (recipient, id DESC);
CREATE INDEX notifications_digest_wait ON notifications.notifications (recipient)
  WHERE delivery = 2 AND digest_time IS NULL;

-- Digests sent, one per person and local day.
CREATE TABLE notifications.digests_sent (
  recipient  text NOT NULL,
  kind       smallint NOT NULL,
  local_date date NOT NULL,
  PRIMARY KEY (recipient, kind, local_date)
);

CREATE TABLE notifications.preferences (
  person  text PRIMARY KEY,
  doc     jsonb NOT NULL,
  version bigint NOT NULL DEFAULT 1
);

-- Mail to send, as whole messages. Claimed with a lease by one sender at a
-- time; state: queued, sent, failed. Bodies of sensitive mail (sign-in
-- codes) are erased once it is sent or has failed.
CREATE TABLE notifications.mail_outbox (
  id                bigserial PRIMARY KEY,
  message_id        text NOT NULL UNIQUE,
  recipient         text NOT NULL,
  to_address        text NOT NULL,
  kind              smallint NOT NULL,
  message           text NOT NULL,
  sensitive         boolean NOT NULL DEFAULT false,
  state             text NOT NULL DEFAULT 'queued',
  attempts          integer NOT NULL DEFAULT 0,
  last_error        text NOT NULL DEFAULT '',
  create_time       timestamptz NOT NULL DEFAULT now(),
  next_attempt_time timestamptz NOT NULL DEFAULT now(),
  lease_until       timestamptz,
  send_time         timestamptz
);
CREATE INDEX mail_outbox_due ON notifications.mail_outbox (next_attempt_time, id)
  WHERE state = 'queued';

CREATE TABLE notifications.request_log (
  actor       text NOT NULL,
  request_id  text NOT NULL,
  method      text NOT NULL,
  fingerprint text NOT NULL,
  response    jsonb NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, request_id)
);

CREATE TABLE notifications.events (
  id         bigserial PRIMARY KEY,
  event_time timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text NOT NULL,
  type       text NOT NULL,
  resource   text NOT NULL,
  before     jsonb,
  after      jsonb,
  request_id text,
  txid       xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX events_by_resource ON notifications.events (resource, id);
CREATE INDEX events_by_position ON notifications.events (txid, id);

CREATE FUNCTION notifications.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END $$;
CREATE TRIGGER notifications_no_delete BEFORE DELETE ON notifications.notifications
  FOR EACH ROW EXECUTE FUNCTION notifications.refuse();
CREATE TRIGGER mail_no_delete BEFORE DELETE ON notifications.mail_outbox
  FOR EACH ROW EXECUTE FUNCTION notifications.refuse();
CREATE TRIGGER work_items_no_delete BEFORE DELETE ON notifications.work_items
  FOR EACH ROW EXECUTE FUNCTION notifications.refuse();
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON notifications.events
  FOR EACH ROW EXECUTE FUNCTION notifications.refuse();
