import { createTestDatabase } from '../../../../test/support/postgres.js';
import { createTestPool } from '../../../../test/support/test-pool.js';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { PostgresEventStore } from './postgres-event-store.js';

describeEventStoreContract('PostgreSQL', async () => {
  const database = await createTestDatabase('event_store_contract');
  const pool = createTestPool(database.url, 5);
  const store = new PostgresEventStore(pool, { pollIntervalMs: 200, retryDelayMs: 100 });
  await store.migrate();
  // A second migration must be a no-op.
  await store.migrate();
  return {
    store,
    dispose: async () => {
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
});
