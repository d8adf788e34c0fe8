-- The outbox is claimed with a lease in a short transaction and delivered
-- outside any transaction, instead of holding rows locked across the calls.
ALTER TABLE reviews.outbox ADD COLUMN claimed_by text, ADD COLUMN claim_expire_time timestamptz;
