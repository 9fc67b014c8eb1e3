import pg from 'pg';

/**
 * Creates a pool whose connection errors are ignored. pool.end() resolves before its idle
 * connections have closed, so a test that drops its database right after ending the pool
 * terminates them, and pg reports that as a pool error that would otherwise crash the run.
 */
export function createTestPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}
