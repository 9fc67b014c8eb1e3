import type { EventMetadata } from '@scaidrive/domain';

/**
 * Expected state of a stream before an append, with EventStoreDB semantics: `any` skips the check,
 * `no_stream` requires that the stream has no events, `stream_exists` that it has at least one, and
 * a bigint that its last event has exactly that revision.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/**
 * Global position of an event in the whole log. EventStoreDB positions are pairs of unsigned 64-bit
 * numbers; the PostgreSQL adapter uses its sequence value for both parts.
 */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/**
 * An event to append. The id, a lowercase canonical UUID, makes a re-append of the same events
 * idempotent. The type must not start with `$`, which EventStoreDB reserves for system events.
 */
export interface EventData<TType extends string = string, TData = unknown> {
  readonly id: string;
  readonly type: TType;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

/** An event as stored in the log. */
export interface RecordedEvent<TType extends string = string, TData = unknown> {
  readonly id: string;
  readonly streamId: string;
  readonly type: TType;
  readonly revision: bigint;
  readonly position: LogPosition;
  readonly data: TData;
  readonly metadata: EventMetadata;
  readonly createdAt: Date;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextRevision: bigint;
  /** Log position of the last appended event. */
  readonly position: LogPosition;
}

/** Selects events by stream name prefix and event type; an empty or missing list matches all. */
export interface EventFilter {
  readonly streamPrefixes?: readonly string[];
  readonly eventTypes?: readonly string[];
}

export interface ReadStreamOptions {
  /** Inclusive start revision; defaults to the first event, or the last one when reading backwards. */
  readonly fromRevision?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive start position; `start` (the default) reads from the first event. */
  readonly from?: LogPosition | 'start';
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive start position; `start` delivers the whole log. */
  readonly from: LogPosition | 'start';
  readonly filter?: EventFilter;
}

/**
 * Receives events in position order, in batches. The subscription waits for the returned promise
 * before it delivers the next batch, so a slow handler applies back pressure instead of buffering.
 */
export type EventBatchHandler = (events: readonly RecordedEvent[]) => Promise<void>;

export interface EventSubscription {
  /** Stops delivery and waits until the handler has returned for the last batch. */
  stop(): Promise<void>;
  /** Settles when the subscription stops; rejects when the handler throws. */
  readonly done: Promise<void>;
}

/**
 * The event log: streams of events, one per aggregate, totally ordered by log position.
 *
 * Every adapter behaves as EventStoreDB does. Revisions start at 0. An append carries at least one
 * event and at most MAX_APPEND_BYTES. Re-appending events whose ids already sit at the expected
 * place in the stream, in the same order, succeeds without writing them again and returns the
 * revision and position of the last of them. Stream ids must not start with `$`, and reads skip
 * EventStoreDB's system events. Reading a stream that does not exist returns an empty list.
 */
export interface EventStore {
  /**
   * Appends events atomically. Throws WrongExpectedVersionError when the stream is not at the
   * expected revision, AppendTooLargeError above MAX_APPEND_BYTES and InvalidAppendError for an
   * invalid stream id or event.
   */
  append(
    streamId: string,
    events: readonly EventData[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Reads one stream; returns an empty list when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Reads the whole log forwards, in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Delivers the log from a position, then new events as they are committed. A dropped
   * connection is retried from the last delivered position, so no event is lost or repeated.
   */
  subscribeToAll(options: SubscribeOptions, handler: EventBatchHandler): EventSubscription;
  /** Position of the last event in the log, or null while the log is empty. */
  headPosition(): Promise<LogPosition | null>;
  close(): Promise<void>;
}

/** Injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * One append may carry at most this many bytes, the default maximum append size of EventStoreDB.
 * Bytes are counted as the EventStoreDB server counts them: the UTF-8 JSON of data and metadata
 * plus two bytes per character of the event type.
 */
export const MAX_APPEND_BYTES = 1024 * 1024;
