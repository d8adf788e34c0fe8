-- Author responses (rebuttals): a cycle's policy may ask the authors to
-- answer the reviews before the decision, by a due date. One response per
-- cycle, rewritten until the decision, every earlier text kept. Additive.

ALTER TABLE reviews.cycles
  ADD COLUMN author_response          boolean NOT NULL DEFAULT false,
  ADD COLUMN author_response_due_time timestamptz;

CREATE TABLE reviews.author_responses (
  name        text PRIMARY KEY,                      -- <cycle>/authorResponse
  cycle       text NOT NULL UNIQUE REFERENCES reviews.cycles (name),
  body        text NOT NULL,
  author      text NOT NULL,
  revision    integer NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reviews.author_response_revisions (
  response   text NOT NULL REFERENCES reviews.author_responses (name),
  revision   integer NOT NULL,
  body       text NOT NULL,
  author     text NOT NULL,
  write_time timestamptz NOT NULL,
  PRIMARY KEY (response, revision)
);
CREATE FUNCTION reviews.keep_author_response_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.name <> OLD.name OR NEW.cycle <> OLD.cycle OR NEW.revision <> OLD.revision + 1 THEN
    RAISE EXCEPTION 'an author response is rewritten as its next revision';
  END IF;
  INSERT INTO reviews.author_response_revisions
    VALUES (OLD.name, OLD.revision, OLD.body, OLD.author, OLD.update_time);
  RETURN NEW;
END $$;
CREATE TRIGGER author_responses_keep_revision BEFORE UPDATE ON reviews.author_responses
  FOR EACH ROW EXECUTE FUNCTION reviews.keep_author_response_revision();
CREATE TRIGGER author_responses_no_delete BEFORE DELETE ON reviews.author_responses
  FOR EACH ROW EXECUTE FUNCTION reviews.refuse();
CREATE TRIGGER author_response_revisions_append_only
  BEFORE UPDATE OR DELETE ON reviews.author_response_revisions
  FOR EACH ROW EXECUTE FUNCTION reviews.refuse();
