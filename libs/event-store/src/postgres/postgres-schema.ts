import pg from 'pg';
import { APPEND_FUNCTION_SQL } from './postgres-append-function.js';

/** Key of the advisory lock that keeps concurrent migrations from racing on the catalog. */
const MIGRATION_LOCK_KEY = 0x65735f736368656dn;

// The identity sequence keeps the default CACHE 1: a session that cached a block of values could
// insert a later position before an earlier one even under the append lock.
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS es_events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id text NOT NULL,
  revision bigint NOT NULL CHECK (revision >= 0),
  event_id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS es_events_type_position ON es_events (type, position);
CREATE TABLE IF NOT EXISTS es_streams (
  stream_id text PRIMARY KEY,
  revision bigint NOT NULL CHECK (revision >= 0)
);
`;

/**
 * Creates the event store tables unless they exist and replaces the es_append function. Safe to
 * run from several processes at once.
 */
export async function migrateEventStoreSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
    await client.query(SCHEMA_SQL);
    await client.query(APPEND_FUNCTION_SQL);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
