import pg from 'pg';

// Key of the session-level advisory lock held while the schema migrates: "sd-migr" in ASCII.
const MIGRATION_LOCK_KEY = '8314820759975850496';

/**
 * Runs work while holding a session-level advisory lock, so that several API replicas and workers
 * starting together migrate the schema one after another instead of racing on the same tables.
 */
export async function withMigrationLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY}::bigint)`);
    return await work();
  } finally {
    await client
      .query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY}::bigint)`)
      .catch(() => undefined);
    await client.end();
  }
}
