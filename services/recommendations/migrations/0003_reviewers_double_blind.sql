-- Whether the current reviewers review double-blind: then they are not told
-- who wrote the work (authors, owner organisation and country, version
-- authors, the actor of the authors' events).
ALTER TABLE recommendations.recommendations
  ADD COLUMN reviewers_double_blind boolean NOT NULL DEFAULT false;
