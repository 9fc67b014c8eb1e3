import { describe, expect, it } from '@jest/globals';
import type { EventStore } from '../event-store.port.js';
import { collect, newEvent, startAfterHead, uniquePrefix } from './contract-fixtures.js';

/** Declares the catch-up subscription cases. */
export function describeSubscriptionContract(getStore: () => EventStore): void {
  describe('subscribeToAll', () => {
    it('catches up, then delivers live events in order', async () => {
      const store = getStore();
      const prefix = uniquePrefix();
      const from = await startAfterHead(store);
      const past = [newEvent(), newEvent(), newEvent()];
      await store.append(`${prefix}file-1`, past, 'no_stream');

      const received = collect(store, from, { streamPrefixes: [prefix] });
      try {
        await received.waitFor(3);
        const live = [newEvent(), newEvent()];
        await store.append(`${prefix}file-1`, [live[0]], 2n);
        await store.append(`${prefix}share-2`, [live[1]], 'no_stream');
        const events = await received.waitFor(5);
        const expected = [...past, ...live].map((event) => event.id);
        expect(events.map((event) => event.id)).toEqual(expected);
      } finally {
        await received.stop();
      }
    });

    it('starts after an exclusive position', async () => {
      const store = getStore();
      const prefix = uniquePrefix();
      const events = [newEvent(), newEvent(), newEvent()];
      await store.append(`${prefix}file-1`, events, 'no_stream');
      const [first] = await store.readStream(`${prefix}file-1`);

      const received = collect(store, first.position, { streamPrefixes: [prefix] });
      try {
        const delivered = await received.waitFor(2);
        expect(delivered.map((event) => event.id)).toEqual([events[1].id, events[2].id]);
      } finally {
        await received.stop();
      }
    });

    it('filters by stream prefix and event type', async () => {
      const store = getStore();
      const prefix = uniquePrefix();
      const from = await startAfterHead(store);
      const received = collect(store, from, {
        streamPrefixes: [`${prefix}file-`],
        eventTypes: ['FileRenamed'],
      });
      try {
        await store.append(`${prefix}share-1`, [newEvent('FileRenamed')], 'no_stream');
        await store.append(`${prefix}file-1`, [newEvent('FileCreated')], 'no_stream');
        const wanted = newEvent('FileRenamed');
        await store.append(`${prefix}file-1`, [wanted], 0n);
        const marker = newEvent('FileRenamed');
        await store.append(`${prefix}file-2`, [marker], 'no_stream');
        const delivered = await received.waitFor(2);
        expect(delivered.map((event) => event.id)).toEqual([wanted.id, marker.id]);
      } finally {
        await received.stop();
      }
    });

    it('delivers nothing after stop', async () => {
      const store = getStore();
      const prefix = uniquePrefix();
      const from = await startAfterHead(store);
      const received = collect(store, from, { streamPrefixes: [prefix] });
      await store.append(`${prefix}file-1`, [newEvent()], 'no_stream');
      await received.waitFor(1);
      await received.stop();
      await store.append(`${prefix}file-1`, [newEvent()], 0n);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received.events).toHaveLength(1);
    });

    it('rejects done when the handler throws', async () => {
      const store = getStore();
      const prefix = uniquePrefix();
      const from = await startAfterHead(store);
      await store.append(`${prefix}file-1`, [newEvent()], 'no_stream');
      const subscription = store.subscribeToAll(
        { from, filter: { streamPrefixes: [prefix] } },
        async () => {
          throw new Error('projection failed');
        },
      );
      await expect(subscription.done).rejects.toThrow('projection failed');
      await subscription.stop();
    });
  });
}
