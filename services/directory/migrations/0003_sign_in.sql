-- Sign-in by emailed code, web sessions beside API tokens, when a credential
-- was last used, and deactivated people. Additive: the previous release
-- reads these tables unchanged.
ALTER TABLE directory.credentials
  ADD COLUMN kind smallint NOT NULL DEFAULT 1,  -- Credential.Kind: 1 API token, 2 web session
  ADD COLUMN last_use_time timestamptz;

-- People written before states existed are active.
UPDATE directory.people SET doc = doc || '{"state": "STATE_ACTIVE"}'::jsonb
  WHERE NOT doc ? 'state';

-- One row per code mailed (or per request for an unknown email, so that both
-- count alike against the rate limits). The code is stored only as a keyed
-- digest.
CREATE TABLE directory.sign_in_challenges (
  id             text PRIMARY KEY,
  email_key      text NOT NULL,
  person         text REFERENCES directory.people (name),  -- NULL: no active person
  client_address text NOT NULL,
  code_digest    text NOT NULL,
  create_time    timestamptz NOT NULL,
  expire_time    timestamptz NOT NULL,
  attempts       int NOT NULL DEFAULT 0,
  consume_time   timestamptz,
  credential     text
);
CREATE INDEX sign_in_by_email ON directory.sign_in_challenges (email_key, create_time);
CREATE INDEX sign_in_by_address ON directory.sign_in_challenges (client_address, create_time);
CREATE TRIGGER sign_in_challenges_no_delete BEFORE DELETE ON directory.sign_in_challenges
  FOR EACH ROW EXECUTE FUNCTION directory.refuse_delete();
