import type { ExpectedRevision } from './event-store.port.js';

/** The stream was not at the expected revision; the caller reloads and decides again. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision the stream had, or `no_stream`. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId} expected revision ${String(expected)} but was ${String(actual)}`);
  }
}

/** One append was larger than the store accepts. */
export class AppendTooLargeError extends Error {
  override readonly name = 'AppendTooLargeError';

  constructor(
    readonly streamId: string,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`append to ${streamId} has ${bytes} bytes, more than the limit of ${maxBytes}`);
  }
}

/** A stream was read that does not exist. */
export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';

  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
  }
}

/** An append that no adapter accepts: no events, an invalid stream id, event id or event type. */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';

  constructor(
    readonly streamId: string,
    readonly reason: string,
  ) {
    super(`invalid append to stream ${JSON.stringify(streamId)}: ${reason}`);
  }
}

/**
 * An event id is already stored in another stream. The PostgreSQL adapter keeps event ids unique
 * across the whole log, whereas EventStoreDB only checks them within a stream.
 */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';

  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(
      `append to ${streamId} reuses event ids already stored in the log: ${eventIds.join(', ')}`,
    );
  }
}
