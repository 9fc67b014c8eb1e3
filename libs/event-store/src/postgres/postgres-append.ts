import pg from 'pg';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../event-store.errors.js';
import { AppendResult, EventData, ExpectedRevision, LogPosition } from '../event-store.port.js';
import { ResolvedPostgresEventStoreOptions } from './postgres-event-store.options.js';

interface StoredEventRef {
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: string;
  readonly position: string;
}

type Decision =
  | { readonly kind: 'write' }
  | { readonly kind: 'replayed'; readonly result: AppendResult }
  | { readonly kind: 'conflict'; readonly actual: bigint | 'no_stream' };

function positionOf(value: string): LogPosition {
  const position = BigInt(value);
  return { commit: position, prepare: position };
}

async function readStreamRevision(client: pg.PoolClient, streamId: string): Promise<bigint | null> {
  const result = await client.query<{ revision: string }>(
    'SELECT revision FROM es_streams WHERE stream_id = $1',
    [streamId],
  );
  return result.rows.length === 0 ? null : BigInt(result.rows[0].revision);
}

/** Returns the replay result when `refs` hold exactly `events`, in order, at consecutive revisions. */
function matchReplay(
  events: readonly EventData[],
  refs: readonly StoredEventRef[],
  firstRevision: bigint,
): AppendResult | null {
  if (refs.length !== events.length) return null;
  for (let i = 0; i < events.length; i++) {
    if (refs[i].event_id !== events[i].id) return null;
    if (BigInt(refs[i].revision) !== firstRevision + BigInt(i)) return null;
  }
  const last = refs[refs.length - 1];
  return { nextRevision: BigInt(last.revision), position: positionOf(last.position) };
}

/**
 * Decides for an exact expected revision, with `no_stream` as -1. As in EventStoreDB, a stream
 * that is already past the expected revision is a replay when the events after it are these ones.
 */
async function decideExact(
  client: pg.PoolClient,
  streamId: string,
  events: readonly EventData[],
  expected: bigint,
  current: bigint | null,
): Promise<Decision> {
  const actual = current ?? -1n;
  if (actual === expected) return { kind: 'write' };
  const conflict: Decision = { kind: 'conflict', actual: current ?? 'no_stream' };
  if (actual < expected) return conflict;

  const refs = await client.query<StoredEventRef>(
    `SELECT event_id, stream_id, revision, position FROM es_events
      WHERE stream_id = $1 AND revision > $2 AND revision <= $3 ORDER BY revision`,
    [streamId, expected.toString(), (expected + BigInt(events.length)).toString()],
  );
  const result = matchReplay(events, refs.rows, expected + 1n);
  return result ? { kind: 'replayed', result } : conflict;
}

/**
 * Decides for `any` and `stream_exists`. Events whose ids are all stored in this stream, in
 * order, are a replay; an append that repeats only some of them is a conflict, as in EventStoreDB.
 */
async function decideLoose(
  client: pg.PoolClient,
  streamId: string,
  events: readonly EventData[],
  expected: 'any' | 'stream_exists',
  current: bigint | null,
): Promise<Decision> {
  if (expected === 'stream_exists' && current === null) {
    return { kind: 'conflict', actual: 'no_stream' };
  }
  const found = await client.query<StoredEventRef>(
    `SELECT event_id, stream_id, revision, position FROM es_events
      WHERE stream_id = $1 AND event_id = ANY($2::uuid[]) ORDER BY revision`,
    [streamId, events.map((event) => event.id)],
  );
  if (found.rows.length === 0) return { kind: 'write' };
  const result = matchReplay(events, found.rows, BigInt(found.rows[0].revision));
  return result
    ? { kind: 'replayed', result }
    : { kind: 'conflict', actual: current ?? 'no_stream' };
}

async function insertEvents(
  client: pg.PoolClient,
  streamId: string,
  events: readonly EventData[],
  current: bigint | null,
): Promise<AppendResult> {
  const first = (current ?? -1n) + 1n;
  const revisions = events.map((_, i) => (first + BigInt(i)).toString());
  // Rows are inserted in ordinality order, so positions grow with revisions inside the append.
  const inserted = await client.query<{ position: string }>(
    `INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
     SELECT $1, e.revision, e.event_id, e.type, e.data, e.metadata
       FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])
            WITH ORDINALITY AS e(revision, event_id, type, data, metadata, ord)
      ORDER BY e.ord
     RETURNING position`,
    [
      streamId,
      revisions,
      events.map((event) => event.id),
      events.map((event) => event.type),
      events.map((event) => JSON.stringify(event.data)),
      events.map((event) => JSON.stringify(event.metadata)),
    ],
  );
  const nextRevision = first + BigInt(events.length - 1);
  await client.query(
    `INSERT INTO es_streams (stream_id, revision) VALUES ($1, $2)
     ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision`,
    [streamId, nextRevision.toString()],
  );
  const positions = inserted.rows.map((row) => BigInt(row.position));
  const last = positions.reduce((max, value) => (value > max ? value : max));
  return { nextRevision, position: { commit: last, prepare: last } };
}

async function findDuplicateIds(
  client: pg.PoolClient,
  events: readonly EventData[],
): Promise<string[]> {
  const found = await client.query<{ event_id: string }>(
    'SELECT event_id FROM es_events WHERE event_id = ANY($1::uuid[])',
    [events.map((event) => event.id)],
  );
  return found.rows.map((row) => row.event_id);
}

async function decide(
  client: pg.PoolClient,
  streamId: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
): Promise<{ decision: Decision; current: bigint | null }> {
  const current = await readStreamRevision(client, streamId);
  if (typeof expected === 'bigint' || expected === 'no_stream') {
    const exact = expected === 'no_stream' ? -1n : expected;
    return { decision: await decideExact(client, streamId, events, exact, current), current };
  }
  return { decision: await decideLoose(client, streamId, events, expected, current), current };
}

/**
 * Appends in one transaction under a transaction-level advisory lock. The lock is taken before the
 * identity value and released only after the commit is visible, so commit order equals position
 * order and a reader that sees position p also sees every committed position below p.
 */
export async function appendUnderLock(
  pool: pg.Pool,
  options: ResolvedPostgresEventStoreOptions,
  streamId: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [
      options.appendLockKey.toString(),
    ]);
    const { decision, current } = await decide(client, streamId, events, expected);
    if (decision.kind === 'conflict') {
      throw new WrongExpectedVersionError(streamId, expected, decision.actual);
    }
    if (decision.kind === 'replayed') {
      await client.query('COMMIT');
      return decision.result;
    }

    const duplicates = await findDuplicateIds(client, events);
    if (duplicates.length > 0) throw new DuplicateEventIdError(streamId, duplicates);
    const result = await insertEvents(client, streamId, events, current);
    await client.query('SELECT pg_notify($1, $2)', [
      options.notifyChannel,
      result.position.commit.toString(),
    ]);
    await options.beforeCommit?.(streamId, result.position);
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
