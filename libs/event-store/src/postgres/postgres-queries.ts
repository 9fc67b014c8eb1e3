import pg from 'pg';
import type {
  EventFilter,
  LogPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../event-store.port.js';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './postgres-rows.js';

/** Reads one stream in revision order; a missing stream yields no rows. */
export async function selectStream(
  pool: pg.Pool,
  streamId: string,
  options: ReadStreamOptions,
): Promise<RecordedEvent[]> {
  const backwards = options.direction === 'backwards';
  const params: unknown[] = [streamId, options.maxCount ?? null];
  let revisionClause = '';
  if (options.fromRevision !== undefined) {
    params.push(options.fromRevision.toString());
    revisionClause = backwards ? 'AND revision <= $3' : 'AND revision >= $3';
  }
  const result = await pool.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM es_events
      WHERE stream_id = $1 ${revisionClause}
      ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $2`,
    params,
  );
  return result.rows.map(toRecordedEvent);
}

function filterClauses(filter: EventFilter | undefined, params: unknown[]): string {
  let clauses = '';
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  if (prefixes.length > 0) {
    params.push(prefixes);
    clauses += ` AND EXISTS (SELECT 1 FROM unnest($${params.length}::text[]) AS p(prefix)
                              WHERE starts_with(stream_id, p.prefix))`;
  }
  if (types.length > 0) {
    params.push(types);
    clauses += ` AND type = ANY($${params.length}::text[])`;
  }
  return clauses;
}

/** Reads the log after an exclusive position, in position order. */
export async function selectAll(pool: pg.Pool, options: ReadAllOptions): Promise<RecordedEvent[]> {
  const from = options.from === undefined || options.from === 'start' ? -1n : options.from.commit;
  const params: unknown[] = [from.toString(), options.maxCount ?? null];
  const clauses = filterClauses(options.filter, params);
  const result = await pool.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM es_events
      WHERE position > $1 ${clauses}
      ORDER BY position LIMIT $2`,
    params,
  );
  return result.rows.map(toRecordedEvent);
}

/** Returns the highest committed position, or null while the log is empty. */
export async function selectHeadPosition(pool: pg.Pool): Promise<LogPosition | null> {
  const result = await pool.query<{ position: string | null }>(
    'SELECT max(position) AS position FROM es_events',
  );
  const value = result.rows[0].position;
  if (value === null) return null;
  const position = BigInt(value);
  return { commit: position, prepare: position };
}
