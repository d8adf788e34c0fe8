-- Reviews: cycles, assignments, reviews, decisions, and the outbox that
-- carries their effects to the recommendations service.

CREATE FUNCTION reviews.micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;

CREATE TABLE reviews.cycles (
  name                  text PRIMARY KEY,
  recommendation        text NOT NULL,
  summit                text NOT NULL,
  round                 integer NOT NULL,
  reviewed_version      integer NOT NULL,
  required_reviews      integer NOT NULL,
  blind_mode            text NOT NULL,
  require_cross_country boolean NOT NULL,
  due_time              timestamptz,
  state                 text NOT NULL,          -- STATE_OPEN, STATE_DECIDED, STATE_CANCELLED
  outcome               text,
  rationale             text,
  decider               text,
  decide_time           timestamptz,
  opened_by             text NOT NULL,
  -- The recommendation as last seen, so decisions go on while the
  -- recommendations service is unreachable.
  authors               jsonb NOT NULL,
  track                 text NOT NULL,
  number                text NOT NULL,
  version               bigint NOT NULL DEFAULT 1,
  create_time           timestamptz NOT NULL DEFAULT now(),
  update_time           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (recommendation, round)
);
-- At most one open cycle per recommendation.
CREATE UNIQUE INDEX cycles_one_open ON reviews.cycles (recommendation) WHERE state = 'STATE_OPEN';
CREATE INDEX cycles_by_summit ON reviews.cycles (summit);

CREATE TABLE reviews.assignments (
  name              text PRIMARY KEY,
  cycle             text NOT NULL REFERENCES reviews.cycles (name),
  position          integer NOT NULL,               -- 0-based: "Reviewer <position+1>"
  reviewer          text NOT NULL,
  reviewer_country  text NOT NULL,
  state             text NOT NULL,                  -- STATE_INVITED, ...
  decline_reason    text NOT NULL DEFAULT '',
  response_due_time timestamptz NOT NULL,
  review_due_time   timestamptz NOT NULL,
  version           bigint NOT NULL DEFAULT 1,
  create_time       timestamptz NOT NULL DEFAULT now(),
  update_time       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cycle, position)
);
CREATE INDEX assignments_by_cycle ON reviews.assignments (cycle, position);
CREATE INDEX assignments_by_reviewer ON reviews.assignments (reviewer, state);

CREATE TABLE reviews.reviews (
  name                  text PRIMARY KEY,
  cycle                 text NOT NULL REFERENCES reviews.cycles (name),
  assignment            text NOT NULL UNIQUE REFERENCES reviews.assignments (name),
  reviewer              text NOT NULL,
  round                 integer NOT NULL,
  verdict               text NOT NULL,
  relevance             integer NOT NULL CHECK (relevance BETWEEN 1 AND 5),
  feasibility           integer NOT NULL CHECK (feasibility BETWEEN 1 AND 5),
  impact                integer NOT NULL CHECK (impact BETWEEN 1 AND 5),
  comments_to_authors   text NOT NULL,
  confidential_comments text NOT NULL,
  submit_time           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_by_cycle ON reviews.reviews (cycle);

-- Effects for the recommendations service, written in the same transaction
-- as the change and delivered until acknowledged (idempotent by id there).
CREATE TABLE reviews.outbox (
  id             bigserial PRIMARY KEY,
  recommendation text NOT NULL,
  kind           text NOT NULL,        -- 'state' or 'reviewers'
  target_state   text,
  reviewers      jsonb,
  reason         text NOT NULL DEFAULT '',
  create_time    timestamptz NOT NULL DEFAULT now(),
  delivered_time timestamptz,
  attempts       integer NOT NULL DEFAULT 0,
  last_error     text
);
CREATE INDEX outbox_pending ON reviews.outbox (id) WHERE delivered_time IS NULL;

CREATE TABLE reviews.request_log (
  actor       text NOT NULL,
  request_id  text NOT NULL,
  method      text NOT NULL,
  fingerprint text NOT NULL,
  response    jsonb NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, request_id)
);

CREATE TABLE reviews.events (
  id         bigserial PRIMARY KEY,
  event_time timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text NOT NULL,
  type       text NOT NULL,
  resource   text NOT NULL,
  before     jsonb,
  after      jsonb,
  request_id text
);
CREATE INDEX events_by_resource ON reviews.events (resource, id);

CREATE FUNCTION reviews.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END $$;
CREATE TRIGGER reviews_immutable BEFORE UPDATE OR DELETE ON reviews.reviews
  FOR EACH ROW EXECUTE FUNCTION reviews.refuse();
CREATE TRIGGER cycles_no_delete BEFORE DELETE ON reviews.cycles
  FOR EACH ROW EXECUTE FUNCTION reviews.refuse();
CREATE TRIGGER assignments_no_delete BEFORE DELETE ON reviews.assignments
  FOR EACH ROW EXECUTE FUNCTION reviews.refuse();
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON reviews.events
  FOR EACH ROW EXECUTE FUNCTION reviews.refuse();
