-- A reviewer set carries whether its cycle is double-blind, so that the
-- recommendations service hides the authors from those reviewers.
-- A row the recommendations service refused for good (the recommendation
-- moved on, e.g. withdrawn) is kept as refused, with the reason, and shown
-- to coordinators on the status board instead of passing silently.
ALTER TABLE reviews.outbox
  ADD COLUMN double_blind boolean NOT NULL DEFAULT false,
  ADD COLUMN refused_time timestamptz;
CREATE INDEX outbox_refused ON reviews.outbox (refused_time) WHERE refused_time IS NOT NULL;
