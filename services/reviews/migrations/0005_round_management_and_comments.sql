-- Managing a review round: coordinators move dates and unassign reviewers
-- (with a reason, and who replaced them); reviewers edit their review until
-- the decision, every earlier text kept. Discussion threads on a
-- recommendation, every earlier text of a comment kept. Additive only.

ALTER TABLE reviews.assignments
  ADD COLUMN removal_reason text NOT NULL DEFAULT '',
  ADD COLUMN replaced_by    text NOT NULL DEFAULT '';

-- A review row holds its current text; each edit first copies the row it
-- replaces into review_revisions (by trigger, so no path can skip it).
ALTER TABLE reviews.reviews
  ADD COLUMN revision    integer NOT NULL DEFAULT 1,
  ADD COLUMN update_time timestamptz;
UPDATE reviews.reviews SET update_time = submit_time WHERE update_time IS NULL;
ALTER TABLE reviews.reviews ALTER COLUMN update_time SET DEFAULT now();
ALTER TABLE reviews.reviews ALTER COLUMN update_time SET NOT NULL;

CREATE TABLE reviews.review_revisions (
  review                text NOT NULL REFERENCES reviews.reviews (name),
  revision              integer NOT NULL,
  verdict               text NOT NULL,
  relevance             integer NOT NULL,
  feasibility           integer NOT NULL,
  impact                integer NOT NULL,
  comments_to_authors   text NOT NULL,
  confidential_comments text NOT NULL,
  write_time            timestamptz NOT NULL,
  PRIMARY KEY (review, revision)
);

DROP TRIGGER reviews_immutable ON reviews.reviews;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews.reviews
  FOR EACH ROW EXECUTE FUNCTION reviews.refuse();
CREATE FUNCTION reviews.keep_review_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.name <> OLD.name OR NEW.cycle <> OLD.cycle OR NEW.assignment <> OLD.assignment
     OR NEW.reviewer <> OLD.reviewer OR NEW.round <> OLD.round
     OR NEW.submit_time <> OLD.submit_time OR NEW.revision <> OLD.revision + 1 THEN
    RAISE EXCEPTION 'a review edit changes only its text, as the next revision';
  END IF;
  INSERT INTO reviews.review_revisions VALUES (OLD.name, OLD.revision, OLD.verdict,
    OLD.relevance, OLD.feasibility, OLD.impact, OLD.comments_to_authors,
    OLD.confidential_comments, OLD.update_time);
  RETURN NEW;
END $$;
CREATE TRIGGER reviews_keep_revision BEFORE UPDATE ON reviews.reviews
  FOR EACH ROW EXECUTE FUNCTION reviews.keep_review_revision();
CREATE TRIGGER review_revisions_append_only BEFORE UPDATE OR DELETE ON reviews.review_revisions
  FOR EACH ROW EXECUTE FUNCTION reviews.refuse();

CREATE TABLE reviews.comments (
  name            text PRIMARY KEY,
  recommendation  text NOT NULL,
  seq             bigserial NOT NULL,            -- writing order, and the name's id
  thread          text NOT NULL,                 -- the first comment's name
  reply_to        text NOT NULL DEFAULT '',
  audience        text NOT NULL,                 -- AUDIENCE_AUTHORS, ...
  review_cycle    text NOT NULL DEFAULT '',
  -- The recommendation's authors when written, so the feed can apply the
  -- audience without asking the recommendations service.
  authors         jsonb NOT NULL,
  author          text NOT NULL,
  -- What the writer was to the work when writing: 'author', 'reviewer'
  -- (then position, for "Reviewer <position+1>") or 'coordinator'.
  writer_role     text NOT NULL,
  writer_position integer NOT NULL DEFAULT 0,
  body            text NOT NULL,
  state           text NOT NULL DEFAULT 'STATE_ACTIVE',
  revision        integer NOT NULL DEFAULT 1,
  version         bigint NOT NULL DEFAULT 1,
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_by_recommendation ON reviews.comments (recommendation, seq);

CREATE TABLE reviews.comment_revisions (
  comment    text NOT NULL REFERENCES reviews.comments (name),
  revision   integer NOT NULL,
  body       text NOT NULL,
  write_time timestamptz NOT NULL,
  PRIMARY KEY (comment, revision)
);
CREATE FUNCTION reviews.keep_comment_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.body IS DISTINCT FROM OLD.body THEN
    IF NEW.revision <> OLD.revision + 1 THEN
      RAISE EXCEPTION 'a comment edit is its next revision';
    END IF;
    INSERT INTO reviews.comment_revisions VALUES (OLD.name, OLD.revision, OLD.body,
      OLD.update_time);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER comments_keep_revision BEFORE UPDATE ON reviews.comments
  FOR EACH ROW EXECUTE FUNCTION reviews.keep_comment_revision();
CREATE TRIGGER comments_no_delete BEFORE DELETE ON reviews.comments
  FOR EACH ROW EXECUTE FUNCTION reviews.refuse();
CREATE TRIGGER comment_revisions_append_only BEFORE UPDATE OR DELETE ON reviews.comment_revisions
  FOR EACH ROW EXECUTE FUNCTION reviews.refuse();
