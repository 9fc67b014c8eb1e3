import { describe, expect, it } from '@jest/globals';
import type { EventStore, RecordedEvent } from '../event-store.port.js';
import { comparePositions } from '../log-position.js';
import { newEvent, startAfterHead, uniquePrefix } from './contract-fixtures.js';

function expectAscendingPositions(events: readonly RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    expect(comparePositions(events[i - 1].position, events[i].position)).toBeLessThan(0);
  }
}

/** Declares the stream read cases. */
export function describeReadStreamContract(getStore: () => EventStore): void {
  describe('readStream', () => {
    async function streamOfFive(): Promise<{ stream: string; ids: string[] }> {
      const stream = `${uniquePrefix()}file-1`;
      const events = [newEvent(), newEvent(), newEvent(), newEvent(), newEvent()];
      await getStore().append(stream, events, 'no_stream');
      return { stream, ids: events.map((event) => event.id) };
    }

    it('reads forwards from a revision with maxCount', async () => {
      const { stream, ids } = await streamOfFive();
      const read = await getStore().readStream(stream, { fromRevision: 1n, maxCount: 3 });
      expect(read.map((event) => event.id)).toEqual(ids.slice(1, 4));
      expect(read.map((event) => event.revision)).toEqual([1n, 2n, 3n]);
    });

    it('reads backwards from the end', async () => {
      const { stream, ids } = await streamOfFive();
      const read = await getStore().readStream(stream, { direction: 'backwards', maxCount: 2 });
      expect(read.map((event) => event.id)).toEqual([ids[4], ids[3]]);
    });

    it('reads backwards from a revision', async () => {
      const { stream } = await streamOfFive();
      const read = await getStore().readStream(stream, {
        direction: 'backwards',
        fromRevision: 2n,
      });
      expect(read.map((event) => event.revision)).toEqual([2n, 1n, 0n]);
    });

    it('reads past the end as empty', async () => {
      const { stream } = await streamOfFive();
      expect(await getStore().readStream(stream, { fromRevision: 5n })).toEqual([]);
    });

    it('reads a missing stream as empty', async () => {
      expect(await getStore().readStream(`${uniquePrefix()}missing-1`)).toEqual([]);
    });

    it('keeps type, data and metadata', async () => {
      const stream = `${uniquePrefix()}file-1`;
      const event = newEvent('FileRenamed', { name: 'Ünïcode.txt', sizes: [0, 4294967296] });
      await getStore().append(stream, [event], 'no_stream');
      const [read] = await getStore().readStream(stream);
      expect(read.id).toBe(event.id);
      expect(read.streamId).toBe(stream);
      expect(read.type).toBe('FileRenamed');
      expect(read.data).toEqual(event.data);
      expect(read.metadata).toEqual(event.metadata);
      expect(read.createdAt).toBeInstanceOf(Date);
    });
  });
}

/** Declares the whole-log read cases: order, exclusive start, maxCount, filters and the head. */
export function describeReadAllContract(getStore: () => EventStore): void {
  describe('readAll', () => {
    async function interleaved(prefix: string): Promise<string[]> {
      const store = getStore();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        for (const stream of [`${prefix}file-a`, `${prefix}share-b`, `${prefix}file-c`]) {
          const event = newEvent(stream.includes('share') ? 'ShareCreated' : 'FileCreated');
          await store.append(stream, [event], 'any');
          ids.push(event.id);
        }
      }
      return ids;
    }

    it('returns events of all streams in append order', async () => {
      const store = getStore();
      const from = await startAfterHead(store);
      const ids = await interleaved(uniquePrefix());
      const read = await store.readAll({ from });
      expect(read.map((event) => event.id)).toEqual(ids);
      expectAscendingPositions(read);
    });

    it('starts after an exclusive position', async () => {
      const store = getStore();
      const prefix = uniquePrefix();
      const from = await startAfterHead(store);
      const ids = await interleaved(prefix);
      const all = await store.readAll({ from, filter: { streamPrefixes: [prefix] } });
      const rest = await store.readAll({
        from: all[3].position,
        filter: { streamPrefixes: [prefix] },
      });
      expect(rest.map((event) => event.id)).toEqual(ids.slice(4));
    });

    it('limits the count', async () => {
      const store = getStore();
      const prefix = uniquePrefix();
      const from = await startAfterHead(store);
      const ids = await interleaved(prefix);
      const read = await store.readAll({ from, maxCount: 4 });
      expect(read.map((event) => event.id)).toEqual(ids.slice(0, 4));
    });

    it('filters by stream prefix', async () => {
      const store = getStore();
      const prefix = uniquePrefix();
      const from = await startAfterHead(store);
      await interleaved(prefix);
      const read = await store.readAll({ from, filter: { streamPrefixes: [`${prefix}file-`] } });
      expect(read).toHaveLength(6);
      expect(read.every((event) => event.streamId.startsWith(`${prefix}file-`))).toBe(true);
      expectAscendingPositions(read);
    });

    it('filters by event type', async () => {
      const store = getStore();
      const prefix = uniquePrefix();
      const from = await startAfterHead(store);
      await interleaved(prefix);
      const read = await store.readAll({ from, filter: { eventTypes: ['ShareCreated'] } });
      expect(read).toHaveLength(3);
      expect(read.every((event) => event.streamId === `${prefix}share-b`)).toBe(true);
    });

    it('combines prefix and type filters', async () => {
      const store = getStore();
      const prefix = uniquePrefix();
      const from = await startAfterHead(store);
      await interleaved(prefix);
      const read = await store.readAll({
        from,
        maxCount: 2,
        filter: { streamPrefixes: [prefix], eventTypes: ['FileCreated'] },
      });
      expect(read.map((event) => event.streamId)).toEqual([`${prefix}file-a`, `${prefix}file-c`]);
    });

    it('reports the last appended position as the head', async () => {
      const store = getStore();
      const result = await store.append(`${uniquePrefix()}file-1`, [newEvent()], 'no_stream');
      expect(await store.headPosition()).toEqual(result.position);
    });
  });
}
