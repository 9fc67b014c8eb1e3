import type { EventMetadata } from '@scaidrive/domain';
import type { RecordedEvent } from '../event-store.port.js';

/** Columns selected from es_events; pg returns int8 as a string so that no digit is lost. */
export interface EventRow {
  readonly position: string;
  readonly stream_id: string;
  readonly revision: string;
  readonly event_id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly created_at: Date;
}

export const EVENT_COLUMNS =
  'position, stream_id, revision, event_id, type, data, metadata, created_at';

/** Maps a row to a recorded event; the position is the identity value for commit and prepare. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  const position = BigInt(row.position);
  return {
    id: row.event_id,
    streamId: row.stream_id,
    type: row.type,
    revision: BigInt(row.revision),
    position: { commit: position, prepare: position },
    data: row.data,
    metadata: row.metadata,
    createdAt: row.created_at,
  };
}
