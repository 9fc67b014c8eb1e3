import { Logger } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { createTestPool } from '../../../../test/support/test-pool.js';
import pg from 'pg';
import { newEvent } from '../contract/contract-fixtures.js';
import { PostgresEventStore } from './postgres-event-store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve function, to hold a transaction open until the test releases it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

async function insertWithoutLock(client: pg.Client, streamId: string): Promise<bigint> {
  const event = newEvent();
  const result = await client.query<{ position: string }>(
    `INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
     VALUES ($1, 0, $2, $3, $4, $5) RETURNING position`,
    [streamId, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)],
  );
  return BigInt(result.rows[0].position);
}

describe('PostgresEventStore with a late commit', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    Logger.overrideLogger(['warn', 'error']);
    database = await createTestDatabase('event_store_late_commit');
    pool = createTestPool(database.url, 6);
    await new PostgresEventStore(pool).migrate();
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('lets a poller skip an unlocked late commit', async () => {
    // The hazard the append lock removes: without it, position order is not commit order.
    const store = new PostgresEventStore(pool);
    const early = new pg.Client({ connectionString: database.url });
    const late = new pg.Client({ connectionString: database.url });
    await early.connect();
    await late.connect();
    try {
      const from = await store.headPosition();
      await early.query('BEGIN');
      const earlyPosition = await insertWithoutLock(early, 'unlocked-early');
      await late.query('BEGIN');
      await insertWithoutLock(late, 'unlocked-late');
      await late.query('COMMIT');

      const firstPoll = await store.readAll({ from: from ?? 'start' });
      await early.query('COMMIT');
      const secondPoll = await store.readAll({ from: firstPoll[firstPoll.length - 1].position });
      const seen = [...firstPoll, ...secondPoll].map((event) => event.position.commit);
      expect(seen).not.toContain(earlyPosition);
    } finally {
      await early.end();
      await late.end();
    }
  });

  it('makes later appends wait for a held commit', async () => {
    const held = gate();
    const holding = new PostgresEventStore(pool, { beforeCommit: () => held.opened });
    const store = new PostgresEventStore(pool);
    const from = (await store.headPosition()) ?? 'start';

    const first = holding.append('locked-early', [newEvent()], 'no_stream');
    await sleep(100);
    let secondDone = false;
    const second = store.append('locked-late', [newEvent()], 'no_stream').then((result) => {
      secondDone = true;
      return result;
    });
    await sleep(300);
    expect(secondDone).toBe(false);
    expect(await store.readAll({ from })).toEqual([]);

    held.open();
    const [firstResult, secondResult] = await Promise.all([first, second]);
    expect(firstResult.position.commit < secondResult.position.commit).toBe(true);
    const read = await store.readAll({ from });
    expect(read.map((event) => event.streamId)).toEqual(['locked-early', 'locked-late']);
  });
});
