import {
  type AllStreamRecordedEvent,
  eventTypeFilter,
  excludeSystemEvents,
  type Filter,
  jsonEvent,
  type JSONType,
  MaxAppendSizeExceededError,
  type RecordedEvent as EsdbRecordedEvent,
  streamNameFilter,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import type { EventMetadata } from '@scaidrive/domain';
import { measureAppendBytes } from '../append-validation.js';
import { AppendTooLargeError, WrongExpectedVersionError } from '../event-store.errors.js';
import type {
  EventData,
  EventFilter,
  ExpectedRevision,
  RecordedEvent,
} from '../event-store.port.js';

type StoredEvent = EsdbRecordedEvent | AllStreamRecordedEvent;

/** Converts an event to the client's JSON event; the client serialises data and metadata. */
export function toJsonEvent(event: EventData) {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data as JSONType,
    metadata: event.metadata as unknown as JSONType,
  });
}

/** Tells whether an event belongs to EventStoreDB itself: its type or stream starts with `$`. */
export function isSystemEvent(event: StoredEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/** Maps a stored event; fails on servers older than 22.6, which send no position on stream reads. */
export function toRecordedEvent(event: StoredEvent): RecordedEvent {
  if (!event.position) {
    throw new Error(
      `EventStoreDB returned event ${event.id} without a log position; use server 22.6 or later`,
    );
  }
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    revision: event.revision,
    position: { commit: event.position.commit, prepare: event.position.prepare },
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
    createdAt: event.created,
  };
}

/** Translates the client's append errors to the port's typed errors; returns others unchanged. */
export function toPortAppendError(
  error: unknown,
  streamId: string,
  expected: ExpectedRevision,
  events: readonly EventData[],
): unknown {
  if (error instanceof EsdbWrongExpectedVersionError) {
    return new WrongExpectedVersionError(streamId, expected, error.actualVersion);
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new AppendTooLargeError(streamId, measureAppendBytes(events), error.maxAppendSize);
  }
  return error;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds the server-side filter. EventStoreDB filters on stream name or on event type, not both,
 * so the stream prefixes win and the adapter checks the event types itself.
 */
export function toServerFilter(filter: EventFilter | undefined): Filter {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  if (prefixes.length > 0) return streamNameFilter({ prefixes: [...prefixes] });
  if (types.length > 0) {
    return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
  }
  return excludeSystemEvents();
}
