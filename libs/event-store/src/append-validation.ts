import { AppendTooLargeError, InvalidAppendError } from './event-store.errors.js';
import { type EventData, MAX_APPEND_BYTES } from './event-store.port.js';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// JSON.stringify writes U+0000 as the escape \u0000, preceded by an even number of backslashes.
const ESCAPED_NUL = /(?<!\\)(?:\\\\)*\\u0000/;

/**
 * Counts the bytes of an append as the EventStoreDB server does when it enforces its maximum
 * append size: UTF-8 JSON of data and metadata plus two bytes per UTF-16 unit of the type.
 * NOTE: this follows Event.SizeOnDisk in the server's gRPC Append handler. Older servers counted
 * data alone, and no live server has confirmed the exact boundary yet.
 */
export function measureAppendBytes(events: readonly EventData[]): number {
  let bytes = 0;
  for (const event of events) {
    bytes += Buffer.byteLength(JSON.stringify(event.data) ?? '', 'utf8');
    bytes += Buffer.byteLength(JSON.stringify(event.metadata) ?? '', 'utf8');
    bytes += event.type.length * 2;
  }
  return bytes;
}

/**
 * Rejects an append that some adapter would refuse, so that both adapters reject the same appends
 * before anything reaches the server.
 */
export function validateAppend(streamId: string, events: readonly EventData[]): void {
  if (streamId.length === 0) throw new InvalidAppendError(streamId, 'the stream id is empty');
  if (streamId.startsWith('$')) {
    throw new InvalidAppendError(streamId, 'stream ids starting with $ are reserved');
  }
  if (events.length === 0) throw new InvalidAppendError(streamId, 'the append has no events');

  const seen = new Set<string>();
  for (const event of events) {
    if (!CANONICAL_UUID.test(event.id)) {
      throw new InvalidAppendError(streamId, `event id ${event.id} is not a lowercase UUID`);
    }
    if (seen.has(event.id)) {
      throw new InvalidAppendError(streamId, `event id ${event.id} occurs twice`);
    }
    seen.add(event.id);
    if (event.type.length === 0 || event.type.startsWith('$')) {
      throw new InvalidAppendError(streamId, `event type ${JSON.stringify(event.type)} is invalid`);
    }
    if (ESCAPED_NUL.test(JSON.stringify([event.data, event.metadata]))) {
      throw new InvalidAppendError(
        streamId,
        `event ${event.id} contains U+0000, which PostgreSQL jsonb cannot store`,
      );
    }
  }

  const bytes = measureAppendBytes(events);
  if (bytes > MAX_APPEND_BYTES) throw new AppendTooLargeError(streamId, bytes, MAX_APPEND_BYTES);
}
