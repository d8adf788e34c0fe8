-- Decisions in minutes and action items name the recommendations they are
-- about. decision_links runs beside decisions: one array of recommendation
-- names per decision.
ALTER TABLE meetings.minutes ADD COLUMN decision_links jsonb NOT NULL DEFAULT '[]';
ALTER TABLE meetings.action_items ADD COLUMN recommendations jsonb NOT NULL DEFAULT '[]';
CREATE INDEX action_items_by_recommendation ON meetings.action_items
  USING gin (recommendations jsonb_path_ops);
