-- Recommendations: drafts, immutable versions, translations, search.

-- Substring search in any script (Korean has no spaces between all words).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE FUNCTION recommendations.micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;

CREATE TABLE recommendations.recommendations (
  name               text PRIMARY KEY,
  summit             text NOT NULL,
  number             integer NOT NULL,
  track              text NOT NULL,
  owner_organization text NOT NULL,
  owner_country      text NOT NULL,
  authors            jsonb NOT NULL,               -- ["people/a", ...]
  reviewers          jsonb NOT NULL DEFAULT '[]',  -- told by the review service
  state              text NOT NULL,                -- enum name, e.g. STATE_DRAFT
  priority           text NOT NULL,
  current_version    integer NOT NULL,
  title              text NOT NULL,
  summary            text NOT NULL,
  -- lower-cased text of the current version and the translations
  search_text        text NOT NULL DEFAULT '',
  version            bigint NOT NULL DEFAULT 1,
  create_time        timestamptz NOT NULL DEFAULT now(),
  update_time        timestamptz NOT NULL DEFAULT now(),
  submit_time        timestamptz,
  UNIQUE (summit, number)
);
CREATE INDEX recommendations_authors ON recommendations.recommendations USING gin (authors jsonb_path_ops);
CREATE INDEX recommendations_search ON recommendations.recommendations USING gin (search_text gin_trgm_ops);
CREATE INDEX recommendations_by_track ON recommendations.recommendations (track, number);

CREATE TABLE recommendations.versions (
  recommendation text NOT NULL REFERENCES recommendations.recommendations (name),
  number         integer NOT NULL,
  title          text NOT NULL,
  summary        text NOT NULL,
  body           text NOT NULL,
  language       text NOT NULL,
  change_note    text NOT NULL,
  author         text NOT NULL,
  create_time    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (recommendation, number)
);

CREATE TABLE recommendations.translations (
  recommendation text NOT NULL REFERENCES recommendations.recommendations (name),
  language       text NOT NULL,
  title          text NOT NULL,
  summary        text NOT NULL,
  body           text NOT NULL,
  kind           text NOT NULL,
  source_version integer NOT NULL,
  translator     text NOT NULL,
  version        bigint NOT NULL DEFAULT 1,
  update_time    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (recommendation, language)
);

-- Human numbers per summit: REC-1, REC-2, ...
CREATE TABLE recommendations.summit_counters (
  summit      text PRIMARY KEY,
  last_number integer NOT NULL
);

-- Review events and reviewer sets already applied, by the sender's id.
CREATE TABLE recommendations.applied_events (
  event_id       text PRIMARY KEY,
  recommendation text NOT NULL,
  kind           text NOT NULL,
  applied_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE recommendations.request_log (
  actor       text NOT NULL,
  request_id  text NOT NULL,
  method      text NOT NULL,
  fingerprint text NOT NULL,
  response    jsonb NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, request_id)
);

CREATE TABLE recommendations.events (
  id         bigserial PRIMARY KEY,
  event_time timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text NOT NULL,
  type       text NOT NULL,
  resource   text NOT NULL,
  before     jsonb,
  after      jsonb,
  request_id text
);
CREATE INDEX events_by_resource ON recommendations.events (resource, id);

-- Rebuilds the search text from the current version and the translations.
CREATE FUNCTION recommendations.refresh_search(rec text) RETURNS void LANGUAGE sql AS $$
  UPDATE recommendations.recommendations r SET search_text = lower(
    coalesce((SELECT v.title || E'\n' || v.summary || E'\n' || v.body
                FROM recommendations.versions v
               WHERE v.recommendation = rec AND v.number = r.current_version), '') || E'\n' ||
    coalesce((SELECT string_agg(t.title || E'\n' || t.summary || E'\n' || t.body, E'\n')
                FROM recommendations.translations t WHERE t.recommendation = rec), ''))
  WHERE r.name = rec
$$;

-- Versions are immutable; nothing is deleted; events are never rewritten.
CREATE FUNCTION recommendations.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %.% is not allowed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME;
END $$;
CREATE TRIGGER versions_immutable BEFORE UPDATE OR DELETE ON recommendations.versions
  FOR EACH ROW EXECUTE FUNCTION recommendations.refuse();
CREATE TRIGGER recommendations_no_delete BEFORE DELETE ON recommendations.recommendations
  FOR EACH ROW EXECUTE FUNCTION recommendations.refuse();
CREATE TRIGGER translations_no_delete BEFORE DELETE ON recommendations.translations
  FOR EACH ROW EXECUTE FUNCTION recommendations.refuse();
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON recommendations.events
  FOR EACH ROW EXECUTE FUNCTION recommendations.refuse();
