-- Action items have a `state` (AIP-216), as every other resource does.
ALTER TABLE meetings.action_items RENAME COLUMN status TO state;
UPDATE meetings.action_items SET state = replace(state, 'STATUS_', 'STATE_');
