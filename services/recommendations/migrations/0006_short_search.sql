-- Searches for one or two characters (a Korean word is often two syllables)
-- are too short for trigrams: the trigram index cannot narrow them, and the
-- list fell back to reading every row. They are served by an index of every
-- one- and two-character piece of the search text instead.
-- Its cost is set high: computed per row as a filter, it would cost more
-- than the scan it replaces; the planner is to use the index for it.
CREATE FUNCTION recommendations.short_grams(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 100000
  AS $$
    SELECT coalesce(array_agg(DISTINCT piece), '{}')
      FROM (SELECT substr(t, i, n) AS piece, n
              FROM generate_series(1, length(t)) AS i, (VALUES (1), (2)) AS len(n)) pieces
     WHERE length(piece) = n AND piece !~ '\s'
  $$;

CREATE INDEX recommendations_short_search ON recommendations.recommendations
  USING gin (recommendations.short_grams(search_text));
