// Generated from /work/main/services/directory/migrations by cmake/EmbedMigrations.cmake. Do not edit.
#include "services/common/migrations.h"

namespace summit::directory {

const summit::MigrationSet& Migrations() {
  static const summit::MigrationSet kSet{"directory", {
    {1, "0001_directory_schema.sql", R"summit_sql(-- Directory: summits, tracks, organisations, people, credentials.
-- Resources are JSON documents keyed by resource name; columns generated
-- from the document carry the filters and uniqueness rules.

CREATE FUNCTION directory.micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;

CREATE TABLE directory.summits (
  name        text PRIMARY KEY,
  doc         jsonb NOT NULL,
  version     bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE directory.tracks (
  name        text PRIMARY KEY,
  summit      text NOT NULL REFERENCES directory.summits (name),
  doc         jsonb NOT NULL,
  version     bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tracks_by_summit ON directory.tracks (summit, name);

CREATE TABLE directory.organizations (
  name         text PRIMARY KEY,
  doc          jsonb NOT NULL,
  version      bigint NOT NULL DEFAULT 1,
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now(),
  country_code text GENERATED ALWAYS AS (doc ->> 'country_code') STORED
);
CREATE INDEX organizations_by_country ON directory.organizations (country_code, name);

CREATE TABLE directory.people (
  name         text PRIMARY KEY,
  doc          jsonb NOT NULL,
  version      bigint NOT NULL DEFAULT 1,
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now(),
  email_key    text GENERATED ALWAYS AS (lower(doc ->> 'email')) STORED,
  organization text GENERATED ALWAYS AS (doc ->> 'organization') STORED
);
CREATE UNIQUE INDEX people_email_unique ON directory.people (email_key);
CREATE INDEX people_by_organization ON directory.people (organization, name);
-- Role and expertise filters use jsonb containment.
CREATE INDEX people_doc ON directory.people USING gin (doc jsonb_path_ops);

CREATE TABLE directory.credentials (
  name         text PRIMARY KEY,
  token_id     text NOT NULL UNIQUE,
  person       text NOT NULL REFERENCES directory.people (name),
  display_name text NOT NULL,
  creator      text NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now(),
  expire_time  timestamptz NOT NULL,
  revoke_time  timestamptz,
  -- Role numbers signed into the token ("1,3"), so a retried issue re-derives it.
  roles        text NOT NULL
);
CREATE INDEX credentials_by_person ON directory.credentials (person, name);
CREATE INDEX credentials_revoked ON directory.credentials (expire_time)
  WHERE revoke_time IS NOT NULL;

-- Idempotency keys (AIP-155) with the first response.
CREATE TABLE directory.request_log (
  actor       text NOT NULL,
  request_id  text NOT NULL,
  method      text NOT NULL,
  fingerprint text NOT NULL,
  response    jsonb NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, request_id)
);

-- Append-only audit trail.
CREATE TABLE directory.events (
  id         bigserial PRIMARY KEY,
  event_time timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text NOT NULL,
  type       text NOT NULL,
  resource   text NOT NULL,
  before     jsonb,
  after      jsonb,
  request_id text
);
CREATE INDEX events_by_resource ON directory.events (resource, id);

-- Nothing is hard-deleted, and events are never rewritten.
CREATE FUNCTION directory.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rows of %.% are never deleted', TG_TABLE_SCHEMA, TG_TABLE_NAME;
END $$;
CREATE FUNCTION directory.refuse_event_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'directory.events is append-only';
END $$;
CREATE TRIGGER summits_no_delete BEFORE DELETE ON directory.summits
  FOR EACH ROW EXECUTE FUNCTION directory.refuse_delete();
CREATE TRIGGER tracks_no_delete BEFORE DELETE ON directory.tracks
  FOR EACH ROW EXECUTE FUNCTION directory.refuse_delete();
CREATE TRIGGER organizations_no_delete BEFORE DELETE ON directory.organizations
  FOR EACH ROW EXECUTE FUNCTION directory.refuse_delete();
CREATE TRIGGER people_no_delete BEFORE DELETE ON directory.people
  FOR EACH ROW EXECUTE FUNCTION directory.refuse_delete();
CREATE TRIGGER credentials_no_delete BEFORE DELETE ON directory.credentials
  FOR EACH ROW EXECUTE FUNCTION directory.refuse_delete();
CREATE TRIGGER events_no_delete BEFORE DELETE ON directory.events
  FOR EACH ROW EXECUTE FUNCTION directory.refuse_delete();
CREATE TRIGGER events_no_update BEFORE UPDATE ON directory.events
  FOR EACH ROW EXECUTE FUNCTION directory.refuse_event_update();
)summit_sql"},
  }};
  return kSet;
}

}  // namespace summit::directory
