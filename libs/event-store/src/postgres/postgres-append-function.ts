/**
 * SQL of es_append, which decides and writes one append in a single round trip.
 *
 * It takes the transaction-level advisory lock first, so appends are serialised from the moment
 * they draw identity values until their commit is visible: commit order equals position order.
 * It returns one row for each expected outcome instead of raising an error:
 * - `written`: the events were inserted, and next_revision and last_position describe them;
 * - `replayed`: the same event ids already sit where this append would put them, as EventStoreDB
 *   treats a retry, so nothing was written and the stored revision and position are returned;
 * - `conflict`: the expected revision does not hold, and actual_revision is the stream's revision
 *   or null when the stream does not exist;
 * - `duplicate`: some event ids are stored in another stream, listed in duplicate_ids.
 * Expected revisions arrive as text: `any`, `no_stream`, `stream_exists` or a decimal revision.
 *
 * NOTE: pg_notify makes the commit take a cluster-wide lock (PreCommit_Notify in PostgreSQL's
 * src/backend/commands/async.c), so notifying transactions of all databases on the server commit
 * one at a time whether or not the advisory lock is held.
 */
export const APPEND_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION es_append(
  p_stream_id text,
  p_expected text,
  p_ids uuid[],
  p_types text[],
  p_data jsonb[],
  p_metadata jsonb[],
  p_lock_key bigint,
  p_channel text
) RETURNS TABLE (
  outcome text,
  next_revision bigint,
  last_position bigint,
  actual_revision bigint,
  duplicate_ids uuid[]
) LANGUAGE plpgsql AS $$
DECLARE
  v_count bigint := cardinality(p_ids);
  v_current bigint;
  v_first bigint;
  v_found bigint;
  v_matched bigint;
  v_duplicates uuid[];
  v_last_position bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(p_lock_key);
  SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream_id;

  IF p_expected = 'stream_exists' AND v_current IS NULL THEN
    RETURN QUERY SELECT 'conflict', NULL::bigint, NULL::bigint, v_current, NULL::uuid[];
    RETURN;
  END IF;

  IF p_expected IN ('any', 'stream_exists') THEN
    -- A retry with loose expectations is recognised by its ids alone.
    SELECT count(*), min(e.revision) INTO v_found, v_first
      FROM es_events e WHERE e.stream_id = p_stream_id AND e.event_id = ANY (p_ids);
  ELSE
    v_first := CASE WHEN p_expected = 'no_stream' THEN -1 ELSE p_expected::bigint END;
    IF coalesce(v_current, -1) = v_first THEN
      v_found := 0;
    ELSIF coalesce(v_current, -1) < v_first THEN
      RETURN QUERY SELECT 'conflict', NULL::bigint, NULL::bigint, v_current, NULL::uuid[];
      RETURN;
    ELSE
      v_found := v_count;
      v_first := v_first + 1;
    END IF;
  END IF;

  IF v_found > 0 THEN
    SELECT count(*), max(e.position) INTO v_matched, v_last_position
      FROM unnest(p_ids) WITH ORDINALITY AS i(id, ord)
      JOIN es_events e
        ON e.stream_id = p_stream_id AND e.revision = v_first + i.ord - 1 AND e.event_id = i.id;
    IF v_matched = v_count THEN
      RETURN QUERY SELECT 'replayed', v_first + v_count - 1, v_last_position, v_current,
        NULL::uuid[];
    ELSE
      RETURN QUERY SELECT 'conflict', NULL::bigint, NULL::bigint, v_current, NULL::uuid[];
    END IF;
    RETURN;
  END IF;

  SELECT array_agg(e.event_id) INTO v_duplicates FROM es_events e WHERE e.event_id = ANY (p_ids);
  IF v_duplicates IS NOT NULL THEN
    RETURN QUERY SELECT 'duplicate', NULL::bigint, NULL::bigint, v_current, v_duplicates;
    RETURN;
  END IF;

  v_first := coalesce(v_current, -1) + 1;
  -- Rows are inserted in ordinality order, so positions grow with revisions inside the append.
  WITH inserted AS (
    INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
    SELECT p_stream_id, v_first + i.ord - 1, i.id, i.type, i.data, i.metadata
      FROM unnest(p_ids, p_types, p_data, p_metadata)
           WITH ORDINALITY AS i(id, type, data, metadata, ord)
     ORDER BY i.ord
    RETURNING es_events.position
  )
  SELECT max(inserted.position) INTO v_last_position FROM inserted;

  INSERT INTO es_streams (stream_id, revision) VALUES (p_stream_id, v_first + v_count - 1)
  ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision;
  PERFORM pg_notify(p_channel, v_last_position::text);

  RETURN QUERY SELECT 'written', v_first + v_count - 1, v_last_position, v_current, NULL::uuid[];
END;
$$;
`;
