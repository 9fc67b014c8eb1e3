import { randomUUID } from 'node:crypto';
import pg from 'pg';

// Appends without a global lock. Each row records its writer's transaction id, and a reader
// orders by (transaction_id, position) and reads only below pg_snapshot_xmin of its snapshot, so
// no transaction that is still open can later commit a row behind the reader's cursor.
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS bench_xid8_events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS bench_xid8_events_order
  ON bench_xid8_events (transaction_id, position);
CREATE TABLE IF NOT EXISTS bench_xid8_streams (
  stream_id text PRIMARY KEY,
  revision bigint NOT NULL
);
CREATE OR REPLACE FUNCTION bench_xid8_append(
  p_stream_id text, p_expected bigint, p_id uuid, p_type text, p_data jsonb, p_metadata jsonb,
  p_notify boolean
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_position bigint;
BEGIN
  -- The stream row lock orders appends to one stream; appends to other streams run in parallel.
  IF p_expected = -1 THEN
    INSERT INTO bench_xid8_streams VALUES (p_stream_id, 0) ON CONFLICT DO NOTHING;
  ELSE
    UPDATE bench_xid8_streams SET revision = p_expected + 1
     WHERE stream_id = p_stream_id AND revision = p_expected;
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'stream % is not at revision %', p_stream_id, p_expected;
  END IF;
  INSERT INTO bench_xid8_events (stream_id, revision, event_id, type, data, metadata)
  VALUES (p_stream_id, p_expected + 1, p_id, p_type, p_data, p_metadata)
  RETURNING position INTO v_position;
  IF p_notify THEN
    PERFORM pg_notify('bench_xid8_appended', v_position::text);
  END IF;
  RETURN v_position;
END;
$$;
`;

/** Reader query of this approach, kept beside the writer for reference. */
export const XID8_READ_SQL = `
SELECT transaction_id, position FROM bench_xid8_events
 WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
   AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
 ORDER BY transaction_id, position LIMIT $3`;

/** The xid8 alternative to the advisory lock, reduced to what the throughput benchmark needs. */
export class Xid8SnapshotAppender {
  constructor(
    private readonly pool: pg.Pool,
    private readonly notify: boolean,
  ) {}

  async migrate(): Promise<void> {
    await this.pool.query(SCHEMA_SQL);
  }

  /** Appends one event at an exact expected revision, with -1 for a new stream. */
  async append(streamId: string, expected: bigint, data: unknown): Promise<bigint> {
    const result = await this.pool.query<{ position: string }>(
      'SELECT bench_xid8_append($1, $2, $3, $4, $5, $6, $7) AS position',
      [
        streamId,
        expected.toString(),
        randomUUID(),
        'BenchEventAppended',
        JSON.stringify(data),
        JSON.stringify({ tenantId: 'bench' }),
        this.notify,
      ],
    );
    return BigInt(result.rows[0].position);
  }
}
