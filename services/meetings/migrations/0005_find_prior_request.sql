-- A create's request_id, looked up in one round trip: the lock that makes a
-- concurrent retry wait for the first call, then the lookup. VOLATILE, so the
-- lookup reads with a snapshot taken after the lock is held and sees what the
-- call it waited for committed (one statement holding both would not).
-- The lock's key is the one summitd took itself before (a replica of the
-- version before waits on the same lock).
CREATE FUNCTION meetings.find_prior_request(p_actor text, p_request_id text)
  RETURNS TABLE (method text, fingerprint text, response jsonb)
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('summit.request.' || p_actor || '.' || p_request_id));
  RETURN QUERY SELECT l.method, l.fingerprint, l.response FROM meetings.request_log l
                WHERE l.actor = p_actor AND l.request_id = p_request_id;
END $$;
