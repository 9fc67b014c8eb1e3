import { Logger } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { createTestPool } from '../../../../test/support/test-pool.js';
import pg from 'pg';
import { collect, newEvent, startAfterHead } from '../contract/contract-fixtures.js';
import type { AppendResult, EventData, ExpectedRevision } from '../event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgresSubscription', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    database = await createTestDatabase('event_store_subscription');
    pool = createTestPool(database.url, 6);
    await new PostgresEventStore(pool).migrate();
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  async function terminateConnections(): Promise<number> {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const result = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      return result.rowCount ?? 0;
    } finally {
      await admin.end();
    }
  }

  /** Appends, retrying once when the pool handed out a connection the server had terminated. */
  async function appendRetryingOnce(
    store: PostgresEventStore,
    streamId: string,
    events: EventData[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    try {
      return await store.append(streamId, events, expected);
    } catch {
      return store.append(streamId, events, expected);
    }
  }

  it('resumes after its connections are terminated', async () => {
    // A poll interval longer than the test proves that notifications work after reconnecting.
    const store = new PostgresEventStore(pool, { pollIntervalMs: 600000, retryDelayMs: 100 });
    const received = collect(store, await startAfterHead(store), {
      streamPrefixes: ['resume-'],
    });
    try {
      await store.append('resume-1', [newEvent(), newEvent()], 'no_stream');
      await received.waitFor(2);

      expect(await terminateConnections()).toBeGreaterThan(0);
      await sleep(500);
      await appendRetryingOnce(store, 'resume-1', [newEvent()], 1n);
      await appendRetryingOnce(store, 'resume-1', [newEvent()], 2n);

      const events = await received.waitFor(4, 10000);
      await sleep(200);
      expect(events.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n]);
    } finally {
      await received.stop();
      await store.close();
    }
  });

  it('polls when no notification arrives', async () => {
    const writer = new PostgresEventStore(pool, { notifyChannel: 'unheard_channel' });
    const reader = new PostgresEventStore(pool, { pollIntervalMs: 200 });
    const received = collect(reader, await startAfterHead(reader), {
      streamPrefixes: ['polled-'],
    });
    try {
      await writer.append('polled-1', [newEvent()], 'no_stream');
      const events = await received.waitFor(1, 3000);
      expect(events.map((event) => event.streamId)).toEqual(['polled-1']);
    } finally {
      await received.stop();
      await reader.close();
    }
  });

  it('stops its subscriptions on close', async () => {
    const store = new PostgresEventStore(pool, { pollIntervalMs: 200 });
    const subscription = store.subscribeToAll({ from: 'start' }, async () => undefined);
    await store.close();
    await expect(subscription.done).resolves.toBeUndefined();
  });
});
