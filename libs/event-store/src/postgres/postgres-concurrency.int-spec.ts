import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { createTestPool } from '../../../../test/support/test-pool.js';
import pg from 'pg';
import { collect, newEvent, startAfterHead } from '../contract/contract-fixtures.js';
import type { RecordedEvent } from '../event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';

// One repetition runs 20 writers with 500 single-event appends each and took 15 to 55 s on a
// loaded 2-core machine. The default of one keeps CI short; EVENT_STORE_RACE_REPETITIONS=20 runs
// the full proof.
const REPETITIONS = Number(process.env.EVENT_STORE_RACE_REPETITIONS ?? '1');
const WRITERS = 20;
const APPENDS_PER_WRITER = 500;
const HOLDING_WRITERS = 5;
const HELD_COMMIT_MS = 15;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectEachExactlyOnceInOrder(received: readonly RecordedEvent[], appended: Set<string>) {
  expect(received).toHaveLength(appended.size);
  expect(new Set(received.map((event) => event.id)).size).toBe(appended.size);
  expect(received.every((event) => appended.has(event.id))).toBe(true);
  const outOfOrder = received.filter(
    (event, i) => i > 0 && received[i - 1].position.commit >= event.position.commit,
  );
  expect(outOfOrder).toEqual([]);
}

function expectStreamsInRevisionOrder(received: readonly RecordedEvent[]) {
  const nextRevision = new Map<string, bigint>();
  for (const event of received) {
    const expected = nextRevision.get(event.streamId) ?? 0n;
    expect(event.revision).toBe(expected);
    nextRevision.set(event.streamId, expected + 1n);
  }
}

describe('PostgresEventStore under concurrent writers', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  let holdingStore: PostgresEventStore;

  beforeAll(async () => {
    Logger.overrideLogger(['warn', 'error']);
    database = await createTestDatabase('event_store_race');
    pool = createTestPool(database.url, WRITERS + 4);
    store = new PostgresEventStore(pool, { pollIntervalMs: 50 });
    // Some writers append in explicit transactions, and about one in ten of those transactions
    // stays open after its insert, with the lock taken, while everyone else waits.
    holdingStore = new PostgresEventStore(pool, {
      beforeCommit: async (_streamId, position) => {
        if (position.commit % 11n === 0n) await sleep(HELD_COMMIT_MS);
      },
    });
    await store.migrate();
  });

  afterAll(async () => {
    await store.close();
    await holdingStore.close();
    await pool.end();
    await database.drop();
  });

  async function runWriter(writer: number, streamId: string, appended: Set<string>) {
    const writerStore = writer < HOLDING_WRITERS ? holdingStore : store;
    for (let revision = 0; revision < APPENDS_PER_WRITER; revision++) {
      const event = newEvent('RaceEventAppended', { revision });
      appended.add(event.id);
      const expected = revision === 0 ? 'no_stream' : BigInt(revision - 1);
      await writerStore.append(streamId, [event], expected);
    }
  }

  it.each(Array.from({ length: REPETITIONS }, (_, i) => i + 1))(
    'delivers every event once in order, repetition %i',
    async (repetition) => {
      const from = await startAfterHead(store);
      const received = collect(store, from);
      const appended = new Set<string>();
      const prefix = `race${repetition}-${randomUUID().slice(0, 8)}`;
      try {
        await Promise.all(
          Array.from({ length: WRITERS }, (_, writer) =>
            runWriter(writer, `${prefix}-writer-${writer}`, appended),
          ),
        );
        const events = await received.waitFor(appended.size, 30000);
        // Anything delivered late would be a duplicate or a stray event.
        await sleep(200);
        expectEachExactlyOnceInOrder(events, appended);
        expectStreamsInRevisionOrder(events);
      } finally {
        await received.stop();
      }
    },
    120000,
  );
});
