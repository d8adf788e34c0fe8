-- The search text of a recommendation, from its current version's text and
-- its translations, in one place: the statements that write a new version
-- (or the first) set it in the same row write, instead of writing the row
-- and then rewriting it through refresh_search (a second row version, every
-- index entry written twice, one more round trip).
CREATE FUNCTION recommendations.search_text_for(rec text, title text, summary text, body text)
  RETURNS text LANGUAGE sql STABLE
  AS $$
    SELECT lower(title || E'\n' || summary || E'\n' || body || E'\n' ||
      coalesce((SELECT string_agg(t.title || E'\n' || t.summary || E'\n' || t.body, E'\n')
                  FROM recommendations.translations t WHERE t.recommendation = rec), ''))
  $$;

-- Kept for translation changes; now the same text by the function above.
CREATE OR REPLACE FUNCTION recommendations.refresh_search(rec text) RETURNS void LANGUAGE sql AS $$
  UPDATE recommendations.recommendations r
     SET search_text = recommendations.search_text_for(rec, v.title, v.summary, v.body)
    FROM recommendations.versions v
   WHERE r.name = rec AND v.recommendation = rec AND v.number = r.current_version
$$;
