import { describe, expect, it } from '@jest/globals';
import { measureAppendBytes } from '../append-validation.js';
import {
  AppendTooLargeError,
  InvalidAppendError,
  WrongExpectedVersionError,
} from '../event-store.errors.js';
import { type EventStore, type ExpectedRevision, MAX_APPEND_BYTES } from '../event-store.port.js';
import { eventOfSize, newEvent, uniquePrefix } from './contract-fixtures.js';

async function expectWrongVersion(
  attempt: Promise<unknown>,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
): Promise<void> {
  const error = await attempt.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect((error as WrongExpectedVersionError).expected).toBe(expected);
  expect((error as WrongExpectedVersionError).actual).toBe(actual);
}

/** Declares the append cases: revisions, expected revisions, idempotency and the size limit. */
export function describeAppendContract(getStore: () => EventStore): void {
  describe('append', () => {
    it('numbers revisions from 0', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      const first = await store.append(stream, [newEvent()], 'no_stream');
      const second = await store.append(stream, [newEvent(), newEvent()], 0n);
      const read = await store.readStream(stream);
      expect(first.nextRevision).toBe(0n);
      expect(second.nextRevision).toBe(2n);
      expect(read.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
    });

    it('returns the position of the last event', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      const result = await store.append(stream, [newEvent(), newEvent()], 'no_stream');
      const read = await store.readStream(stream);
      expect(read[1].position).toEqual(result.position);
      expect(read[0].position.commit < read[1].position.commit).toBe(true);
    });

    it('appends with any to new and existing streams', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      expect((await store.append(stream, [newEvent()], 'any')).nextRevision).toBe(0n);
      expect((await store.append(stream, [newEvent()], 'any')).nextRevision).toBe(1n);
    });

    it('rejects no_stream on an existing stream', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      await store.append(stream, [newEvent()], 'no_stream');
      await expectWrongVersion(store.append(stream, [newEvent()], 'no_stream'), 'no_stream', 0n);
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('rejects stream_exists on a missing stream', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      await expectWrongVersion(
        store.append(stream, [newEvent()], 'stream_exists'),
        'stream_exists',
        'no_stream',
      );
      expect(await store.readStream(stream)).toEqual([]);
    });

    it('appends with stream_exists to an existing stream', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      await store.append(stream, [newEvent()], 'no_stream');
      const result = await store.append(stream, [newEvent()], 'stream_exists');
      expect(result.nextRevision).toBe(1n);
    });

    it('appends at the exact current revision', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      await store.append(stream, [newEvent(), newEvent()], 'no_stream');
      expect((await store.append(stream, [newEvent()], 1n)).nextRevision).toBe(2n);
    });

    it.each([
      ['a stale revision', 0n],
      ['a revision ahead of the stream', 5n],
    ])('rejects %s', async (_case, expected) => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      await store.append(stream, [newEvent(), newEvent()], 'no_stream');
      await expectWrongVersion(store.append(stream, [newEvent()], expected), expected, 1n);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('rejects an exact revision on a missing stream', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      await expectWrongVersion(store.append(stream, [newEvent()], 0n), 0n, 'no_stream');
    });

    it('rejects invalid appends', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      await expect(store.append(stream, [], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(store.append('$system', [newEvent()], 'any')).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
      await expect(
        store.append(stream, [{ ...newEvent(), id: 'not-a-uuid' }], 'any'),
      ).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(
        store.append(stream, [newEvent('FileRenamed', { name: 'a\u0000b' })], 'any'),
      ).rejects.toBeInstanceOf(InvalidAppendError);
      expect(await store.readStream(stream)).toEqual([]);
    });
  });

  describeIdempotencyContract(getStore);
  describeSizeLimitContract(getStore);
}

function describeIdempotencyContract(getStore: () => EventStore): void {
  describe('append idempotency', () => {
    it.each<[string, ExpectedRevision]>([
      ['no_stream', 'no_stream'],
      ['any', 'any'],
    ])('replays the same events with %s', async (_case, expected) => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      const events = [newEvent(), newEvent()];
      const first = await store.append(stream, events, expected);
      const again = await store.append(stream, events, expected);
      expect(again).toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('replays the same events at an exact revision', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      await store.append(stream, [newEvent()], 'no_stream');
      const events = [newEvent()];
      const first = await store.append(stream, events, 0n);
      await store.append(stream, [newEvent()], 1n);
      const again = await store.append(stream, events, 0n);
      expect(again).toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('replays the same events with stream_exists', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      await store.append(stream, [newEvent()], 'no_stream');
      const events = [newEvent()];
      const first = await store.append(stream, events, 'stream_exists');
      const again = await store.append(stream, events, 'stream_exists');
      expect(again).toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('rejects a retry that repeats only some events', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      const [a, b] = [newEvent(), newEvent()];
      await store.append(stream, [a, b], 'no_stream');
      await expectWrongVersion(store.append(stream, [a, newEvent()], 'no_stream'), 'no_stream', 1n);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('rejects the same events in another order', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      const [a, b] = [newEvent(), newEvent()];
      await store.append(stream, [a, b], 'no_stream');
      await expectWrongVersion(store.append(stream, [b, a], 'no_stream'), 'no_stream', 1n);
    });
  });
}

function describeSizeLimitContract(getStore: () => EventStore): void {
  describe('append size limit', () => {
    it('accepts an append of exactly the limit', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      const event = eventOfSize(MAX_APPEND_BYTES, measureAppendBytes);
      expect(measureAppendBytes([event])).toBe(MAX_APPEND_BYTES);
      await store.append(stream, [event], 'no_stream');
      const [read] = await store.readStream(stream);
      expect(read.data).toEqual(event.data);
    });

    it('rejects one byte over the limit', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      const event = eventOfSize(MAX_APPEND_BYTES + 1, measureAppendBytes);
      const error = await store.append(stream, [event], 'no_stream').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppendTooLargeError);
      expect((error as AppendTooLargeError).bytes).toBe(MAX_APPEND_BYTES + 1);
      expect(await store.readStream(stream)).toEqual([]);
    });

    it('counts every event of the append', async () => {
      const store = getStore();
      const stream = `${uniquePrefix()}file-1`;
      const half = eventOfSize(MAX_APPEND_BYTES / 2 + 1, measureAppendBytes);
      const other = { ...eventOfSize(MAX_APPEND_BYTES / 2 + 1, measureAppendBytes) };
      await expect(store.append(stream, [half, other], 'any')).rejects.toBeInstanceOf(
        AppendTooLargeError,
      );
      expect(await store.readStream(stream)).toEqual([]);
    });
  });
}
