import pg from 'pg';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../event-store.errors.js';
import type {
  AppendResult,
  EventData,
  ExpectedRevision,
  LogPosition,
} from '../event-store.port.js';
import type { ResolvedPostgresEventStoreOptions } from './postgres-event-store.options.js';

interface AppendRow {
  readonly outcome: 'written' | 'replayed' | 'conflict' | 'duplicate';
  readonly next_revision: string | null;
  readonly last_position: string | null;
  readonly actual_revision: string | null;
  readonly duplicate_ids: string[] | null;
}

const APPEND_SQL = 'SELECT * FROM es_append($1, $2, $3, $4, $5, $6, $7, $8)';

function appendParameters(
  options: ResolvedPostgresEventStoreOptions,
  streamId: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
): unknown[] {
  return [
    streamId,
    expected.toString(),
    events.map((event) => event.id),
    events.map((event) => event.type),
    events.map((event) => JSON.stringify(event.data)),
    events.map((event) => JSON.stringify(event.metadata)),
    options.appendLockKey.toString(),
    options.notifyChannel,
  ];
}

function toAppendResult(
  row: AppendRow,
  streamId: string,
  expected: ExpectedRevision,
): AppendResult {
  if (row.outcome === 'conflict') {
    const actual = row.actual_revision === null ? 'no_stream' : BigInt(row.actual_revision);
    throw new WrongExpectedVersionError(streamId, expected, actual);
  }
  if (row.outcome === 'duplicate') {
    throw new DuplicateEventIdError(streamId, row.duplicate_ids ?? []);
  }
  const position = BigInt(row.last_position as string);
  return {
    nextRevision: BigInt(row.next_revision as string),
    position: { commit: position, prepare: position },
  };
}

/**
 * Appends through es_append. Without a beforeCommit hook the call is one autocommit statement,
 * whose advisory lock is held until its commit is visible. With the hook, an explicit transaction
 * keeps the lock while the hook runs.
 */
export async function appendUnderLock(
  pool: pg.Pool,
  options: ResolvedPostgresEventStoreOptions,
  streamId: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const parameters = appendParameters(options, streamId, events, expected);
  if (!options.beforeCommit) {
    const result = await pool.query<AppendRow>(APPEND_SQL, parameters);
    return toAppendResult(result.rows[0], streamId, expected);
  }
  return appendWithHook(pool, options.beforeCommit, parameters, streamId, expected);
}

async function appendWithHook(
  pool: pg.Pool,
  beforeCommit: (streamId: string, position: LogPosition) => Promise<void>,
  parameters: unknown[],
  streamId: string,
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const rows = await client.query<AppendRow>(APPEND_SQL, parameters);
    const result = toAppendResult(rows.rows[0], streamId, expected);
    if (rows.rows[0].outcome === 'written') await beforeCommit(streamId, result.position);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
